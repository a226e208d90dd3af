"""Inbound email parsing: Chinese charsets, sanitizing, flags, and never raising on junk."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.services.mail_parsing import parse_email


def _b64_word(text: str, charset: str, codec: str | None = None) -> bytes:
    data = base64.b64encode(text.encode(codec or charset)).decode()
    return f"=?{charset}?B?{data}?=".encode()


def _raw(headers: bytes, body: bytes, charset: str, encoding: str = "8bit") -> bytes:
    return (
        b"From: Customer <c@example.com>\r\nTo: support@agentdesk.test\r\n"
        + headers
        + b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset="
        + charset.encode()
        + b"\r\nContent-Transfer-Encoding: "
        + encoding.encode()
        + b"\r\n\r\n"
        + body
    )


def test_gbk_subject_and_body() -> None:
    raw = _raw(
        b"Subject: " + _b64_word("账户冻结 [#123]", "gbk") + b"\r\n",
        base64.b64encode("我的账户被冻结了".encode("gbk")),
        "GBK",
        "base64",
    )
    mail = parse_email(raw)
    assert mail.subject == "账户冻结 [#123]"
    assert mail.text == "我的账户被冻结了"
    assert mail.ticket_number == 123
    assert not mail.malformed, mail.problems


def test_gb2312_label_with_gbk_only_characters() -> None:
    raw = _raw(
        b"Subject: " + _b64_word("朱镕基 瑢", "gb2312", "gb18030") + b"\r\n",
        "朱镕基，瑢".encode("gb18030"),
        "gb2312",
    )
    mail = parse_email(raw)
    assert mail.subject == "朱镕基 瑢"
    assert mail.text == "朱镕基，瑢"
    assert "\ufffd" not in mail.text


def test_gb18030_body() -> None:
    text = "余额显示错误 𠀀"
    mail = parse_email(_raw(b"Subject: hi\r\n", text.encode("gb18030"), "GB18030"))
    assert mail.text == text


def test_big5_body_and_subject() -> None:
    text = "您好，我的帳戶被凍結了"
    raw = _raw(b"Subject: " + _b64_word("帳戶", "big5") + b"\r\n", text.encode("big5"), "big5")
    mail = parse_email(raw)
    assert mail.text == text
    assert mail.subject == "帳戶"


def test_wrong_charset_falls_back_and_is_noted() -> None:
    mail = parse_email(_raw(b"Subject: x\r\n", "你好".encode("gb18030"), "utf-8"))
    assert mail.text == "你好"
    assert mail.problems


def test_unknown_charset_is_noted() -> None:
    mail = parse_email(_raw(b"Subject: x\r\n", "héllo".encode(), "x-nonsense"))
    assert mail.text == "héllo"
    assert any("unknown charset" in p for p in mail.problems)


def test_utf8_quoted_printable() -> None:
    body = b"Caf=C3=A9 =E4=BD=A0=E5=A5=BD"
    mail = parse_email(_raw(b"Subject: qp\r\n", body, "utf-8", "quoted-printable"))
    assert mail.text == "Café 你好"


def test_html_is_sanitized_and_text_derived() -> None:
    message = EmailMessage()
    message["From"] = "a@example.com"
    message["Subject"] = "html"
    message.set_content(
        "<style>p{color:red}</style><script>alert(1)</script>"
        '<p onclick="steal()">Hello <b>there</b></p>'
        '<img src="http://tracker/pixel.gif"><img src="cid:logo@x">'
        '<a href="javascript:alert(1)">bad</a><a href="https://ok.example/">good</a>',
        subtype="html",
    )
    mail = parse_email(message.as_bytes())
    assert mail.html is not None
    for banned in ("script", "alert", "onclick", "style", "tracker", "javascript", "color:red"):
        assert banned not in mail.html
    assert 'src="cid:logo@x"' in mail.html
    assert 'rel="noopener noreferrer"' in mail.html
    assert "https://ok.example/" in mail.html
    assert "Hello there" in mail.text
    assert "alert" not in mail.text


def test_threading_headers_and_addresses() -> None:
    message = EmailMessage()
    message["From"] = '"张三" <zhang@example.com>'
    message["To"] = "support@agentdesk.test, b@example.com"
    message["Cc"] = "c@example.com"
    message["Subject"] = "Re: [#42] 卡被冻结"
    message["Message-ID"] = "<abc@example.com>"
    message["In-Reply-To"] = "<t42@agentdesk.test>"
    message["References"] = "<t41@agentdesk.test> <t42@agentdesk.test>"
    message["Date"] = format_datetime(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    message.set_content("谢谢")
    mail = parse_email(message.as_bytes())
    assert mail.message_id == "<abc@example.com>"
    assert mail.in_reply_to == "<t42@agentdesk.test>"
    assert mail.references == ("<t41@agentdesk.test>", "<t42@agentdesk.test>")
    assert mail.ticket_number == 42
    assert mail.subject == "Re: [#42] 卡被冻结"
    assert (mail.from_name, mail.from_address) == ("张三", "zhang@example.com")
    assert mail.to == ("support@agentdesk.test", "b@example.com")
    assert mail.cc == ("c@example.com",)
    assert mail.date == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert mail.text.strip() == "谢谢"
    assert not mail.is_auto_reply and not mail.is_bounce and not mail.malformed


def test_missing_message_id_gets_stable_generated_one() -> None:
    raw = _raw(b"Subject: x\r\n", b"hi", "utf-8")
    first, second = parse_email(raw), parse_email(raw)
    assert first.message_id == second.message_id
    assert first.message_id.endswith("@agentdesk.invalid>")


def test_auto_reply_detection() -> None:
    assert parse_email(
        _raw(b"Subject: x\r\nAuto-Submitted: auto-replied\r\n", b"", "utf-8")
    ).is_auto_reply
    assert not parse_email(
        _raw(b"Subject: x\r\nAuto-Submitted: no\r\n", b"", "utf-8")
    ).is_auto_reply
    assert parse_email(_raw(b"Subject: x\r\nPrecedence: bulk\r\n", b"", "utf-8")).is_auto_reply
    chinese = b"Subject: " + _b64_word("自动回复: 休假中", "utf-8") + b"\r\n"
    assert parse_email(_raw(chinese, b"", "utf-8")).is_auto_reply
    assert parse_email(_raw(b"Subject: Out of office\r\n", b"", "utf-8")).is_auto_reply


def test_bounce_detection() -> None:
    raw = (
        b"From: MAILER-DAEMON@mx.example.com\r\nTo: support@agentdesk.test\r\n"
        b"Subject: Undelivered Mail\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example.com\r\n\r\nFinal-Recipient: rfc822; x@y.z\r\n"
        b"Action: failed\r\nStatus: 5.1.1\r\n\r\n--B--\r\n"
    )
    mail = parse_email(raw)
    assert mail.is_bounce
    assert mail.text.strip() == "Delivery failed."


def test_oversized_attachment_is_listed_not_kept() -> None:
    message = EmailMessage()
    message["From"] = "a@example.com"
    message["Subject"] = "files"
    message.set_content("see attached")
    message.add_attachment(b"x" * 2000, maintype="application", subtype="pdf", filename="big.pdf")
    message.add_attachment(b"small", maintype="text", subtype="plain", filename="账单.txt")
    mail = parse_email(message.as_bytes(), max_attachment_bytes=1000)
    big, small = mail.attachments
    assert (big.filename, big.size, big.data) == ("big.pdf", 2000, None)
    assert big.rejected_reason
    assert (small.filename, small.data, small.rejected_reason) == ("账单.txt", b"small", None)
    assert mail.text.strip() == "see attached"


def test_gb2312_encoded_word_filename() -> None:
    raw = (
        b"From: a@example.com\r\nSubject: f\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
        b"--B\r\nContent-Type: application/octet-stream\r\n"
        b'Content-Disposition: attachment; filename="'
        + _b64_word("镕.pdf", "gb2312", "gb18030")
        + b'"\r\nContent-Transfer-Encoding: base64\r\n\r\naGk=\r\n--B--\r\n'
    )
    (attachment,) = parse_email(raw).attachments
    assert attachment.filename == "镕.pdf"
    assert attachment.data == b"hi"


def test_garbage_is_flagged_and_raw_kept() -> None:
    mail = parse_email(b"\x00\xff garbage")
    assert mail.malformed and mail.problems
    assert mail.raw == b"\x00\xff garbage"


def test_truncated_multipart_is_flagged() -> None:
    raw = (
        b"From: a@example.com\r\nSubject: t\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\npartial body"
    )
    mail = parse_email(raw)
    assert mail.malformed
    assert mail.raw == raw
    assert "partial body" in mail.text


def test_missing_boundary_is_flagged() -> None:
    raw = b"From: a@example.com\r\nContent-Type: multipart/mixed\r\n\r\nstuff\r\n"
    mail = parse_email(raw)
    assert mail.malformed and mail.raw == raw


def test_header_injection_is_neutralized() -> None:
    injected = _b64_word("hi\r\nBcc: victim@example.com", "utf-8")
    mail = parse_email(_raw(b"Subject: " + injected + b"\r\n", b"x", "utf-8"))
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert mail.malformed


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    mail = parse_email(raw)
    assert mail.raw == raw
    assert mail.message_id.startswith("<")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_never_raises_on_header_like_text(text: str) -> None:
    raw = ("From: a@b.c\r\nContent-Type: multipart/mixed; boundary=x\r\n" + text).encode(
        "utf-8", errors="surrogateescape"
    )
    assert parse_email(raw).raw == raw
