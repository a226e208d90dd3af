"""Hostile email HTML loads nothing, runs nothing and opens links only when clicked."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QEvent, QUrl
from PySide6.QtGui import QColor, QHelpEvent, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from agentdesk.ui.conversation.safe_browser import SafeTextBrowser, sanitize_email_html
from tests.ui.conversation.conftest import click_text

IMAGE = QTextDocument.ResourceType.ImageResource.value


class SpyBrowser(SafeTextBrowser):
    """Records what the document asked for and what it was given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.answers: list[tuple[int, str, object]] = []

    def loadResource(self, type: int, name: QUrl | str) -> object:
        answer = super().loadResource(type, name)
        self.answers.append((int(type), QUrl(name).toString(), answer))
        return answer


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def pixel_server() -> Iterator[tuple[int, list[str]]]:
    """A real HTTP server on loopback that records every request it gets."""
    requests: list[str] = []
    handler = type("Handler", (Recorder,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], requests
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def red_png(tmp_path: Path) -> Path:
    image = QImage(12, 12, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    path = tmp_path / "secret.png"
    assert image.save(str(path))
    return path


@pytest.fixture
def browser(qtbot: QtBot, host: QWidget) -> SpyBrowser:
    view = SpyBrowser(host)
    view.resize(600, 500)
    view.show()
    return view


def red_pixels(widget: QWidget) -> int:
    shot = widget.grab().toImage()
    red = QColor("red").rgb()
    return sum(
        1 for x in range(shot.width()) for y in range(shot.height()) if shot.pixel(x, y) == red
    )


def hostile_html(port: int, secret: Path) -> str:
    here = f"http://127.0.0.1:{port}"
    return f"""<html><head><title>owned</title>
<script>document.title = "owned by script"</script>
<style>body {{ background: url({here}/style-background.png) }}</style>
<link rel="stylesheet" href="{here}/sheet.css"></head>
<body onload="document.title='owned by onload'">
<p style="background:url({here}/inline-background.png)">Dear support,</p>
<img src="{here}/pixel.png" width="1" height="1">
<img src="file:///etc/passwd"><img src="{secret.as_uri()}"><img src="{secret}">
<table background="{here}/table.png"><tr><td>cell</td></tr></table>
<a href="javascript:alert(1)">run script</a> <a href="https://example.com/help">help page</a>
</body></html>"""


def test_hostile_email_loads_and_runs_nothing(
    qtbot: QtBot,
    browser: SpyBrowser,
    pixel_server: tuple[int, list[str]],
    red_png: Path,
    opened: list[QUrl],
) -> None:
    port, requests = pixel_server
    browser.show_html(hostile_html(port, red_png))
    qtbot.wait(300)

    assert requests == []
    asked = [url for _, url, _ in browser.answers]
    assert f"http://127.0.0.1:{port}/pixel.png" in asked
    assert all(answer is not None for _, _, answer in browser.answers)
    for kind, _, answer in browser.answers:
        if kind == IMAGE:
            assert isinstance(answer, QImage)
            assert answer.cacheKey() == browser._blocked_image().cacheKey()
        else:
            assert answer == QByteArray()
    text = browser.toPlainText()
    assert "root:" not in text
    assert "document.title" not in text and "background" not in text
    assert "owned" not in browser.documentTitle()
    assert red_pixels(browser) == 0
    assert "onload" not in browser.toHtml()

    click_text(qtbot, browser, "run script")
    qtbot.wait(50)
    assert opened == []


def test_loader_refuses_what_the_sanitizer_would_have_removed(
    qtbot: QtBot, browser: SpyBrowser, red_png: Path, tmp_path: Path, opened: list[QUrl]
) -> None:
    """Defense in depth: raw HTML straight into the browser still loads nothing local.

    Returning None from loadResource is not enough: QTextDocument then reads `file:` and
    relative URLs itself. This test fails if the loader ever answers None."""
    sheet = tmp_path / "big.css"
    sheet.write_text("p { font-size: 48pt }")
    raw = (
        f'<html><head><link rel="stylesheet" href="{sheet.as_uri()}"></head><body>'
        f'<p>text</p><img src="{red_png.as_uri()}"><img src="{red_png}">'
        '<img src="data:image/png;base64,iVBORw0KGgo="><img src="qrc:/secret.png">'
        f'<table style="background-image:url({red_png.as_uri()})"><tr><td>x</td></tr></table>'
        '<a href="javascript:alert(1)">run script</a></body></html>'
    )
    browser.setHtml(raw)  # deliberately past the sanitizer
    qtbot.wait(100)

    assert len(browser.answers) >= 4
    assert red_pixels(browser) == 0
    loaded = browser.document().resource(IMAGE, QUrl(red_png.as_uri()))
    assert isinstance(loaded, QImage)
    assert loaded.pixelColor(0, 0) != QColor("red")
    assert browser.document().begin().charFormat().fontPointSize() != 48

    with qtbot.waitSignal(browser.link_clicked) as clicked:
        click_text(qtbot, browser, "run script")
    assert clicked.args[0].scheme() == "javascript"
    assert opened == []


def test_a_link_opens_only_when_clicked(
    qtbot: QtBot, browser: SpyBrowser, opened: list[QUrl]
) -> None:
    browser.show_html('<p>See <a href="https://example.com/help">our help page</a>.</p>')
    qtbot.wait(300)
    assert opened == []

    with qtbot.waitSignal(browser.link_clicked) as clicked:
        click_text(qtbot, browser, "help page")
    assert clicked.args[0] == QUrl("https://example.com/help")
    assert opened == [QUrl("https://example.com/help")]


def test_an_intercepting_window_opens_links_itself(
    qtbot: QtBot, browser: SpyBrowser, opened: list[QUrl]
) -> None:
    browser.open_links_on_click = False
    browser.show_html('<a href="mailto:help@example.com">write to us</a>')
    with qtbot.waitSignal(browser.link_clicked):
        click_text(qtbot, browser, "write to us")
    assert opened == []


def test_sanitizer_keeps_formatting_and_drops_the_rest() -> None:
    cleaned = sanitize_email_html(
        '<p onclick="steal()" style="color:red">Hi <b>there</b></p>'
        "<script>alert(1)</script><style>p{}</style>"
        '<a href="javascript:alert(1)">x</a><a href="relative/page">y</a>'
        '<img src="file:///etc/passwd"><blockquote>quoted</blockquote>'
    )
    assert "<b>there</b>" in cleaned
    assert "<blockquote>quoted</blockquote>" in cleaned
    for gone in ("onclick", "style", "script", "alert", "javascript", "relative", "file:"):
        assert gone not in cleaned


def test_tooltips_never_render_email_markup(qtbot: QtBot, browser: SpyBrowser) -> None:
    """Qt shows an HTML `title` as a rich-text tooltip whose document loads local files."""
    assert "title" not in sanitize_email_html('<a href="https://x.example/" title="t">x</a>')
    browser.setHtml('<p><span title="&lt;img src=&quot;file:///etc/passwd&quot;&gt;">hover</span>')
    found = browser.document().find("hover")
    found.setPosition(found.selectionStart() + 1)
    point = browser.cursorRect(found).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, browser.viewport().mapToGlobal(point))
    QApplication.sendEvent(browser.viewport(), event)
    assert not QToolTip.isVisible()

    browser.highlighted.emit(QUrl("https://example.com/a?b=<c>"))
    assert "<c>" not in browser.toolTip()
    browser.highlighted.emit(QUrl("javascript:alert(1)"))
    assert "cannot be opened" in browser.toolTip()
    browser.highlighted.emit(QUrl())
    assert browser.toolTip() == ""
