"""The UI's language: Qt's translation system, following the system locale or a setting."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"
LANGUAGES = {"zh_CN": "中文", "en": "English"}
SETTING = "ui/language"


def chosen_language(settings: QSettings | None = None) -> str:
    """The language setting if set, else the system locale's (Chinese or English)."""
    settings = settings or QSettings()
    value = settings.value(SETTING, "")
    if isinstance(value, str) and value in LANGUAGES:
        return value
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def set_language(language: str, settings: QSettings | None = None) -> None:
    (settings or QSettings()).setValue(SETTING, language)


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """agentdesk's own strings and Qt's (dialog buttons); English needs none."""
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    ours = QTranslator(app)
    if ours.load(str(TRANSLATIONS / f"agentdesk_{language}.qm")):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{language}", qt_folder):
        app.installTranslator(qt)
        installed.append(qt)
    QLocale.setDefault(QLocale(language))
    return installed
