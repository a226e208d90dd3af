"""Event fan-out: read committed events in order and push each to the desktops that may see it.

One pump per server process is the only writer of events to connections, so a desktop
attaching (or resuming) between two batches gets every event exactly once, in order.
Wake-ups come from this process's own writes, from PostgreSQL NOTIFY (other processes)
and from a periodic poll; the table, not the notification, is the source of truth, so a
missed notification only delays an event and never loses it.

Two kinds of subscriber share the pump. A desktop (`DeskSubscriber`) gets every event its
agent may see, as one frame shared by all desktops. A customer's chat socket
(`ConversationSubscriber`) watches single conversations: the pump finds it by the event's
conversation id (one dict lookup per event, however many customers are connected) and
the subscriber turns the event into its own frame, or into nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.db.engine import Database
from agentdesk.db.models import Event, Role
from agentdesk.protocol.frames import EventFrame, ResyncFrame
from agentdesk.server.wakeups import wake_or_timeout
from agentdesk.services import events as event_log
from agentdesk.services.actor import Actor

log = logging.getLogger(__name__)
T = TypeVar("T")
BATCH = 500
MAX_CATCH_UP = 20_000


class Subscriber(Protocol):
    def push(self, frame: str) -> bool:
        """Queue a frame; False when the subscriber is too slow and has been dropped."""


class DeskSubscriber(Subscriber, Protocol):
    """A desktop: every event its agent may see (`may_see`), as the shared event frame."""

    actor: Actor


class ConversationSubscriber(Subscriber, Protocol):
    """Something outside the desk (a customer's chat socket) that watches conversations."""

    def frame_for(self, event: Event) -> str | None:
        """The frame to push for an event of a watched conversation; None pushes nothing."""


def may_see(actor: Actor, event: Event) -> bool:
    if actor.role in (Role.LEAD, Role.ADMIN):
        return True
    if event.type.startswith("presence."):
        # Colleagues' comings and goings are for the lead view, not every agent's desktop.
        return False
    return event.team_id in (None, actor.team_id) or event.agent_id == actor.agent_id


def frame_of(event: Event) -> str:
    return EventFrame(
        seq=event.seq, name=event.type, conversation_id=event.conversation_id, data=event.payload
    ).dumps()


class EventPump:
    def __init__(
        self,
        database: Database,
        run_in_db: Callable[..., Awaitable[object]],
        *,
        poll_seconds: float,
    ) -> None:
        self.database = database
        self._run_in_db = run_in_db
        self.poll_seconds = poll_seconds
        self.last_seq = 0
        self.subscribers: set[DeskSubscriber] = set()
        # conversation id -> the subscribers watching it, and the reverse for detaching
        self.watchers: dict[int, set[ConversationSubscriber]] = {}
        self._watching: dict[Subscriber, set[int]] = {}
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self.last_seq = await self._db(event_log.last_seq)
        self._tasks.append(asyncio.create_task(self._run(), name="event-pump"))
        if not self.database.is_sqlite:
            self._tasks.append(asyncio.create_task(self._listen(), name="event-listen"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()

    def wake(self) -> None:
        self._wake.set()

    async def _db(self, work: Callable[..., T], *args: object) -> T:
        def unit() -> T:
            with self.database.read() as session:
                return work(session, *args)

        return await self._run_in_db(unit)  # type: ignore[return-value]

    async def attach(
        self, subscriber: DeskSubscriber, resume_from: int | None, welcome: Callable[[int], str]
    ) -> None:
        """Start delivering to `subscriber`: its welcome first, then what it missed, then live."""
        async with self._lock:
            await self._deliver_new()
            if resume_from is None or resume_from == self.last_seq:
                subscriber.push(welcome(self.last_seq))
            elif (
                resume_from > self.last_seq
                or not await self._db(event_log.can_resume_from, resume_from)
                or self.last_seq - resume_from > MAX_CATCH_UP
            ):
                subscriber.push(welcome(self.last_seq))
                subscriber.push(
                    ResyncFrame(
                        last_seq=self.last_seq,
                        reason="the missed events are no longer kept; reload your views",
                    ).dumps()
                )
            else:
                subscriber.push(welcome(self.last_seq))
                seq = resume_from
                while seq < self.last_seq:
                    batch = await self._db(event_log.events_after, seq, BATCH)
                    batch = [event for event in batch if event.seq <= self.last_seq]
                    if not batch:
                        break
                    for event in batch:
                        if may_see(subscriber.actor, event) and not subscriber.push(
                            frame_of(event)
                        ):
                            return
                    seq = batch[-1].seq
            self.subscribers.add(subscriber)

    async def watch(
        self, subscriber: ConversationSubscriber, conversation_id: int, after_seq: int
    ) -> None:
        """Deliver the events of `conversation_id` after `after_seq` to `subscriber`.

        `after_seq` is a position read before the subscriber last looked at the
        conversation in the database; what committed since and was already pushed to
        others is read back from the table, so nothing falls between the two."""
        async with self._lock:
            if after_seq < self.last_seq:
                missed = await self._db(
                    _conversation_events, conversation_id, after_seq, self.last_seq
                )
                for event in missed:
                    if not self._offer(subscriber, event):
                        return
            self.watchers.setdefault(conversation_id, set()).add(subscriber)
            self._watching.setdefault(subscriber, set()).add(conversation_id)

    def detach(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)
        for conversation_id in self._watching.pop(subscriber, ()):
            watchers = self.watchers.get(conversation_id)
            if watchers is not None:
                watchers.discard(subscriber)
                if not watchers:
                    del self.watchers[conversation_id]

    def _offer(self, subscriber: ConversationSubscriber, event: Event) -> bool:
        """Push the subscriber's frame for `event`; False when it has been dropped."""
        try:
            frame = subscriber.frame_for(event)
        except Exception:
            log.exception("a conversation subscriber failed on event %d", event.seq)
            return True
        return frame is None or subscriber.push(frame)

    async def _run(self) -> None:
        while True:
            await wake_or_timeout(self._wake, self.poll_seconds)
            self._wake.clear()
            try:
                async with self._lock:
                    await self._deliver_new()
            except Exception:
                log.exception("event fan-out failed; retrying")
                await asyncio.sleep(0.5)

    async def _deliver_new(self) -> None:
        while True:
            batch: Sequence[Event] = await self._db(event_log.events_after, self.last_seq, BATCH)
            if not batch:
                return
            for event in batch:
                frame = frame_of(event)
                for subscriber in list(self.subscribers):
                    if may_see(subscriber.actor, event) and not subscriber.push(frame):
                        self.subscribers.discard(subscriber)
                if self.watchers and event.conversation_id in self.watchers:
                    for watcher in list(self.watchers[event.conversation_id]):
                        if not self._offer(watcher, event):
                            self.detach(watcher)
            self.last_seq = batch[-1].seq
            if len(batch) < BATCH:
                return

    async def _listen(self) -> None:
        """Wake on PostgreSQL NOTIFY from any server process; reconnect with backoff."""
        import psycopg

        url = self.database.url.set(drivername="postgresql").render_as_string(hide_password=False)
        delay = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {event_log.NOTIFY_CHANNEL}")
                    delay = 0.5
                    self.wake()  # anything committed while we were not listening
                    async for _notify in conn.notifies():
                        self.wake()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("LISTEN connection lost (%s); polling until it is back", exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)


def _conversation_events(
    session: Session, conversation_id: int, after_seq: int, upto_seq: int
) -> Sequence[Event]:
    """One conversation's events in (after_seq, upto_seq]: a range of the primary key."""
    return session.scalars(
        select(Event)
        .where(
            Event.seq > after_seq, Event.seq <= upto_seq, Event.conversation_id == conversation_id
        )
        .order_by(Event.seq)
        .limit(MAX_CATCH_UP)
    ).all()
