"""The chat widget in a real browser: Debian's headless Chromium driven by Playwright.

A customer types in the page (embedded in a shop's page, and opened directly), an agent
reads it on the real agent protocol, types and answers, and the page shows both; a
reload keeps the conversation, and a private note never reaches the page. Without
Chromium (/usr/bin/chromium, or AGENTDESK_TEST_CHROMIUM) the tests skip, except under
CI=true, where that is a failure.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from sqlalchemy import func, select

from agentdesk.client import AgentClient
from agentdesk.db.models import ChatVisitor, Conversation, WalletAccount
from agentdesk.protocol.frames import EventFrame
from agentdesk.server.config import ChannelSettings
from agentdesk.services import chat
from tests.helpers.server import ServerThread, running_server
from tests.server.conftest import CATALOG, PASSWORD, Desk

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]
# Debian's package; never a browser Playwright downloads.
CHROMIUM = Path(os.environ.get("AGENTDESK_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 10_000
WALLET_SECRET = "wallet-secret-for-the-browser"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"the browser test cannot run under CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed")
    return CHROMIUM


@pytest_asyncio.fixture
async def browser(chromium: Path) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            await launched.close()


class ShopPage:
    """Another origin's page (http://localhost:<port>) embedding the widget in an iframe."""

    def __init__(self) -> None:
        self.widget_url = ""
        self.runner: web.AppRunner | None = None
        self.origin = ""

    async def start(self) -> None:
        async def page(_request: web.Request) -> web.Response:
            html = (
                "<!doctype html><html><head><meta charset='utf-8'><title>Shop</title></head>"
                "<body><h1>Shop</h1>"
                f"<iframe id='support' src='{self.widget_url}' width='400' height='500'>"
                "</iframe></body></html>"
            )
            return web.Response(text=html, content_type="text/html")

        async def no_icon(_request: web.Request) -> web.Response:
            return web.Response(status=204)

        app = web.Application()
        app.router.add_get("/shop", page)
        app.router.add_get("/favicon.ico", no_icon)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = self.runner.addresses[0][1]
        self.origin = f"http://localhost:{port}"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


@pytest_asyncio.fixture
async def shop() -> AsyncIterator[ShopPage]:
    page = ShopPage()
    await page.start()
    try:
        yield page
    finally:
        await page.stop()


@contextmanager
def chat_server(desk: Desk, *origins: str) -> Iterator[ServerThread]:
    settings = ChannelSettings(
        widget_secret="widget-secret-for-the-browser",
        wallet_secret=WALLET_SECRET,
        allowed_origins=origins,
    )
    url = desk.database.url.render_as_string(hide_password=False)
    with running_server(url, CATALOG, poll_seconds=0.5, http_port=0, channels=settings) as server:
        yield server


def chat_url(server: ServerThread) -> str:
    assert server.server.http is not None
    return server.server.http.url + "/chat/"


async def agent_event(
    agent: AgentClient, matches: Callable[[EventFrame], bool], within: float = 10.0
) -> EventFrame:
    deadline = time.monotonic() + within
    while True:
        frame = await asyncio.wait_for(agent.events.get(), max(0.01, deadline - time.monotonic()))
        if isinstance(frame, EventFrame) and matches(frame):
            return frame


def watch_console(page: Any) -> list[str]:
    """Errors the page logs, CSP refusals among them."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


async def test_a_customer_and_an_agent_chat_in_the_widget_embedded_in_a_shop(
    browser: Any, shop: ShopPage, desk: Desk
) -> None:
    from playwright.async_api import expect

    with chat_server(desk, shop.origin) as server:
        shop.widget_url = chat_url(server) + "?lang=zh"
        amy = AgentClient(server.url, username="amy", password=PASSWORD)
        await amy.connect()
        context = await browser.new_context()
        page = await context.new_page()
        problems = watch_console(page)
        await page.goto(shop.origin + "/shop")
        widget = page.frame_locator("#support")
        await expect(widget.locator("#status")).to_have_attribute(
            "data-state", "online", timeout=WAIT_MS
        )
        await expect(widget.locator("#send")).to_have_text("发送")

        # The customer writes; the desk hears it on the agent protocol.
        await widget.locator("#text").fill("你好，我的转账失败了")
        await widget.locator("#text").press("Enter")
        sent = widget.locator("#messages li.customer")
        await expect(sent).to_have_count(1)
        await expect(sent).not_to_have_class("customer pending", timeout=WAIT_MS)
        created = await agent_event(
            amy,
            lambda f: (
                f.name == "message.created" and f.data["message"]["text"] == "你好，我的转账失败了"
            ),
        )
        conversation_id = created.conversation_id
        assert conversation_id is not None and created.data["message"]["direction"] == "in"

        # The customer types: the desk is told.
        await widget.locator("#text").press_sequentially("还有", delay=50)
        typed = await agent_event(
            amy, lambda f: f.name == "conversation.typing" and f.conversation_id == conversation_id
        )
        assert typed.data == {"side": "customer"}

        # The agent types, writes a private note and answers.
        await amy.request("conversation.typing", conversation_id=conversation_id)
        await expect(widget.locator("#typing")).to_have_text("Amy 正在输入…", timeout=WAIT_MS)
        note = "内部备注：可能是盗号"
        await amy.request(
            "note.add", conversation_id=conversation_id, client_message_id="note-00001", text=note
        )
        answer = "您好，请问失败时的提示是什么？"
        await amy.request(
            "reply.send",
            conversation_id=conversation_id,
            client_message_id="reply-0001",
            text=answer,
        )
        replies = widget.locator("#messages li.agent .text")
        await expect(replies).to_have_text([answer], timeout=WAIT_MS)
        await expect(widget.locator("#typing")).to_be_hidden()
        assert note not in await widget.locator("body").inner_text()

        # A reload keeps the conversation (the visitor token in localStorage).
        await page.reload()
        widget = page.frame_locator("#support")
        await expect(widget.locator("#status")).to_have_attribute(
            "data-state", "online", timeout=WAIT_MS
        )
        await expect(widget.locator("#messages li .text")).to_have_text(
            ["你好，我的转账失败了", answer]
        )
        assert note not in await widget.locator("body").inner_text()
        assert problems == []
        await context.close()
        await amy.close()
    with desk.database.read() as session:
        assert session.scalar(select(func.count()).select_from(ChatVisitor)) == 1
        visitor = session.scalars(select(ChatVisitor)).one()
        conversation = session.get_one(Conversation, conversation_id)
        assert conversation.customer_id == visitor.customer_id


async def test_a_signed_in_wallet_user_chats_on_the_page_opened_directly(
    browser: Any, desk: Desk
) -> None:
    from playwright.async_api import expect

    with desk.database.read() as session:
        wallet_id = session.scalars(
            select(WalletAccount.wallet_id).where(
                WalletAccount.customer_id == desk.mine.customer_id
            )
        ).one()
    token = chat.make_wallet_token(WALLET_SECRET, wallet_id, int(time.time()) + 600)
    with chat_server(desk) as server:
        amy = AgentClient(server.url, username="amy", password=PASSWORD)
        await amy.connect()
        context = await browser.new_context()
        page = await context.new_page()
        problems = watch_console(page)
        await page.goto(chat_url(server) + f"?lang=en#wallet_token={token}")
        await expect(page.locator("#status")).to_have_text("Connected", timeout=WAIT_MS)
        # The wallet's customer sees what they wrote before, in their ongoing chat.
        await expect(page.locator("#messages li.customer .text")).to_have_text(
            ["我的转账失败了,怎么办?"]
        )
        await page.locator("#language").click()
        await expect(page.locator("#send")).to_have_text("发送")
        await expect(page.locator("#status")).to_have_text("已连接")
        await page.locator("#text").fill("Any news?")
        await page.locator("#send").click()
        await agent_event(
            amy,
            lambda f: (
                f.name == "message.created"
                and f.conversation_id == desk.mine.id
                and f.data["message"]["text"] == "Any news?"
            ),
        )
        await amy.request(
            "reply.send", conversation_id=desk.mine.id, client_message_id="reply-0002", text="Yes"
        )
        await expect(page.locator("#messages li.agent .text")).to_have_text(
            ["Yes"], timeout=WAIT_MS
        )
        await expect(page.locator("#messages li.agent .meta")).to_contain_text("Amy")
        assert problems == []
        await context.close()
        await amy.close()
