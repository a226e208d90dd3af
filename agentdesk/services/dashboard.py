"""The leads' dashboard: a team's queue, SLA breaches, response times and daily figures.

Every figure is aggregated in the database (counts, GROUP BY, window functions for the
percentiles), so a period over 100,000 conversations reads a few hundred rows at most.
The same SQL runs on SQLite and PostgreSQL; only three expressions differ by dialect:
seconds between two times, and the local day of a time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    and_,
    cast,
    extract,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from agentdesk.db.models import (
    Agent,
    Channel,
    Conversation,
    ConversationStatus,
    Message,
    MessageDirection,
    Team,
)
from agentdesk.protocol.codes import ErrorCode
from agentdesk.services.actor import Actor
from agentdesk.services.errors import Forbidden, NotFound, ServiceError

DESK_ZONE_NAME = "Asia/Shanghai"
DESK_ZONE = ZoneInfo(DESK_ZONE_NAME)
LONGEST_PERIOD = timedelta(days=366)
ACTION = "dashboard.stats"
ACTIVE = (ConversationStatus.OPEN, ConversationStatus.PENDING)
HELD = (ConversationStatus.OPEN, ConversationStatus.PENDING, ConversationStatus.SNOOZED)
PERCENTILES = (50, 90)


def dashboard_stats(
    session: Session,
    actor: Actor,
    since: datetime,
    until: datetime,
    team_id: int | None = None,
) -> dict[str, Any]:
    """A team's figures over [since, until) (a lead: their own team; an admin: the team
    asked for, or every conversation with None). JSON-ready: times as ISO 8601 text,
    durations in seconds (None when nothing was measured), days as YYYY-MM-DD in the
    desk's time zone (Asia/Shanghai).

    - `queue_size`: open or pending conversations nobody holds, now; `open_total`: all
      open or pending ones, now.
    - `breaches`: conversations whose SLA breach (`sla_breached_at`) falls in the period.
    - `created`: conversations created in the period.
    - `first_response`: `first_response_at - created_at` of conversations created in the
      period and answered: `count`, `median_seconds`, `p90_seconds`.
    - `resolution`: from `created_at` to the status line that resolved it, for
      conversations resolved in the period (the last such line in the period counts).
    - `per_agent`: per agent, `assigned` (conversations assigned to them in the period,
      by assignment lines), `held` (open, pending or snoozed ones they hold now) and
      `resolved` (conversations they resolved in the period), with display names.
    - `per_channel`: conversations created in the period on each channel.
    - `daily`: per local day of the period, `created`, `resolved` and `breached`.
    """
    scope_team = _team_in_scope(session, actor, team_id)
    _check_period(since, until)
    dialect = session.get_bind().dialect.name
    scope: ColumnElement[bool] = (
        Conversation.team_id == scope_team if scope_team is not None else true()
    )
    days = _days(since, until)
    daily = {day: {"date": day, "created": 0, "resolved": 0, "breached": 0} for day in days}

    queue_size, open_total = _current_queue(session, scope)

    created_total, per_channel = 0, {channel.value: 0 for channel in Channel}
    created_in = _in_period(Conversation.created_at, since, until)
    created_day = _local_day(Conversation.created_at, dialect).label("day")
    rows = session.execute(
        select(created_day, Conversation.channel, func.count())
        .where(scope, created_in)
        .group_by(created_day, Conversation.channel)
    )
    for day, channel, count in rows:
        created_total += count
        per_channel[Channel(channel).value] += count
        _bump(daily, day, "created", count)

    breached_day = _local_day(Conversation.sla_breached_at, dialect).label("day")
    breaches = 0
    for day, count in session.execute(
        select(breached_day, func.count())
        .where(scope, _in_period(Conversation.sla_breached_at, since, until))
        .group_by(breached_day)
    ):
        breaches += count
        _bump(daily, day, "breached", count)

    first_response = _distribution(
        session,
        select(
            _seconds_between(Conversation.first_response_at, Conversation.created_at, dialect)
        ).where(scope, created_in, Conversation.first_response_at.is_not(None)),
    )

    resolutions = _resolutions(scope, since, until)
    resolved_day = _local_day(resolutions.c.resolved_at, dialect).label("day")
    resolved_total = 0
    for day, count in session.execute(
        select(resolved_day, func.count()).select_from(resolutions).group_by(resolved_day)
    ):
        resolved_total += count
        _bump(daily, day, "resolved", count)
    resolution = _distribution(
        session,
        select(
            _seconds_between(resolutions.c.resolved_at, resolutions.c.created_at, dialect)
        ).select_from(resolutions),
    )
    resolved_by: dict[int, int] = {
        agent_id: count
        for agent_id, count in session.execute(
            select(resolutions.c.resolved_by, func.count())
            .where(resolutions.c.resolved_by.is_not(None))
            .group_by(resolutions.c.resolved_by)
        )
    }

    return {
        "team_id": scope_team,
        "since": since.isoformat(),
        "until": until.isoformat(),
        "timezone": DESK_ZONE_NAME,
        "queue_size": queue_size,
        "open_total": open_total,
        "breaches": breaches,
        "created": created_total,
        "resolved": resolved_total,
        "first_response": first_response,
        "resolution": resolution,
        "per_agent": _per_agent(session, scope, scope_team, since, until, resolved_by),
        "per_channel": [
            {"channel": channel, "created": count} for channel, count in per_channel.items()
        ],
        "daily": list(daily.values()),
    }


# -- who may see which team ------------------------------------------------------------


def _team_in_scope(session: Session, actor: Actor, team_id: int | None) -> int | None:
    """The team whose figures the actor gets (None: every team, for admins only)."""
    target = team_id if team_id is not None else ""
    if not actor.is_lead:
        raise Forbidden(
            "only leads and admins see the dashboard",
            actor=actor,
            action=ACTION,
            target_type="team",
            target_id=target,
        )
    if actor.is_admin:
        if team_id is not None and session.get(Team, team_id) is None:
            raise NotFound("team")
        return team_id
    if actor.team_id is None:
        raise Forbidden(
            "a lead without a team has no team figures",
            actor=actor,
            action=ACTION,
            target_type="team",
            target_id=target,
        )
    if team_id is not None and team_id != actor.team_id:
        raise Forbidden(
            "a lead sees only their own team's figures",
            actor=actor,
            action=ACTION,
            target_type="team",
            target_id=team_id,
        )
    return actor.team_id


def _check_period(since: datetime, until: datetime) -> None:
    for bound in (since, until):
        if bound.tzinfo is None or bound.utcoffset() is None:
            raise ServiceError(ErrorCode.INVALID_REQUEST, "the period needs timezone-aware times")
    if since >= until:
        raise ServiceError(ErrorCode.INVALID_REQUEST, "the period must end after it starts")
    if until - since > LONGEST_PERIOD:
        raise ServiceError(ErrorCode.INVALID_REQUEST, "the period may be at most 366 days long")


# -- SQL pieces -------------------------------------------------------------------------


def _in_period(column: Any, since: datetime, until: datetime) -> ColumnElement[bool]:
    return and_(column >= since, column < until)


def _seconds_between(later: Any, earlier: Any, dialect: str) -> ColumnElement[float]:
    """`later - earlier` in seconds, as a float."""
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * literal(86400.0)
    return cast(extract("epoch", later) - extract("epoch", earlier), Float)


def _local_day(column: Any, dialect: str) -> ColumnElement[str]:
    """The day (YYYY-MM-DD) of a UTC time in the desk's time zone.

    PostgreSQL converts with its time zone database. SQLite has none; it stores naive UTC
    times, and the desk's zone has kept one offset (UTC+8, no daylight saving) since 1991,
    so adding that offset gives the same day."""
    if dialect == "sqlite":
        offset = DESK_ZONE.utcoffset(datetime(2000, 1, 1))
        assert offset is not None
        return func.date(column, f"{int(offset.total_seconds()):+d} seconds")
    return func.to_char(func.timezone(DESK_ZONE_NAME, column), "YYYY-MM-DD")


def _current_queue(session: Session, scope: ColumnElement[bool]) -> tuple[int, int]:
    active = Conversation.status.in_(ACTIVE)
    unassigned = and_(active, Conversation.assignee_id.is_(None))
    row = session.execute(
        select(func.count().filter(unassigned), func.count().filter(active)).where(scope, active)
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def _resolutions(scope: ColumnElement[bool], since: datetime, until: datetime) -> Any:
    """One row per conversation resolved in the period: its last status line to resolved
    in the period (`resolved_at`, `resolved_by`) and the conversation's `created_at`."""
    ranked = (
        select(
            Message.conversation_id.label("conversation_id"),
            Message.created_at.label("resolved_at"),
            Message.author_agent_id.label("resolved_by"),
            Conversation.created_at.label("created_at"),
            func.row_number()
            .over(
                partition_by=Message.conversation_id,
                order_by=(Message.created_at.desc(), Message.id.desc()),
            )
            .label("latest"),
        )
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            scope,
            Message.direction == MessageDirection.NOTE,
            _in_period(Message.created_at, since, until),
            Message.meta["kind"].as_string() == "status",
            Message.meta["to"].as_string() == ConversationStatus.RESOLVED.value,
        )
        .subquery("ranked")
    )
    return (
        select(ranked.c.resolved_at, ranked.c.resolved_by, ranked.c.created_at)
        .where(ranked.c.latest == 1)
        .subquery("resolutions")
    )


def _distribution(session: Session, durations: Select[Any]) -> dict[str, Any]:
    """`count`, `median_seconds` and `p90_seconds` of the one-column `durations`.

    The database numbers the sorted values and returns only the (at most four) rows the
    percentiles fall between; they are interpolated linearly, like PostgreSQL's
    percentile_cont, which SQLite lacks."""
    values = durations.subquery("durations")
    seconds = next(iter(values.c))
    ranked = select(
        seconds.label("seconds"),
        func.row_number().over(order_by=seconds).label("position"),
        func.count().over().label("total"),
    ).subquery("ranked")
    position, total = ranked.c.position - 1, ranked.c.total - 1
    wanted = or_(
        *(
            and_(position >= total * p // 100, position <= (total * p + 99) // 100)
            for p in PERCENTILES
        )
    )
    rows = session.execute(
        select(ranked.c.position, ranked.c.total, ranked.c.seconds).where(wanted)
    ).all()
    if not rows:  # with any value at all, the median's row is among them
        return {"count": 0, "median_seconds": None, "p90_seconds": None}
    count = int(rows[0][1])
    at = {int(row[0]) - 1: float(row[2]) for row in rows}
    median, p90 = (_interpolate(at, count, p) for p in PERCENTILES)
    return {"count": count, "median_seconds": median, "p90_seconds": p90}


def _interpolate(at: dict[int, float], count: int, percent: int) -> float:
    below, rest = divmod((count - 1) * percent, 100)
    low = at[below]
    value = low if rest == 0 else low + (at[below + 1] - low) * rest / 100
    return round(value, 1)


def _per_agent(
    session: Session,
    scope: ColumnElement[bool],
    scope_team: int | None,
    since: datetime,
    until: datetime,
    resolved_by: dict[int, int],
) -> list[dict[str, Any]]:
    assigned_to = Message.meta["to"].as_integer()
    assigned: dict[int, int] = {
        int(agent_id): int(count)
        for agent_id, count in session.execute(
            select(assigned_to, func.count(func.distinct(Message.conversation_id)))
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(
                scope,
                Message.direction == MessageDirection.NOTE,
                _in_period(Message.created_at, since, until),
                Message.meta["kind"].as_string() == "assignment",
                assigned_to.is_not(None),
            )
            .group_by(assigned_to)
        )
    }
    held: dict[int, int] = {
        agent_id: int(count)
        for agent_id, count in session.execute(
            select(Conversation.assignee_id, func.count())
            .where(scope, Conversation.status.in_(HELD), Conversation.assignee_id.is_not(None))
            .group_by(Conversation.assignee_id)
        )
        if agent_id is not None
    }
    counted = {int(agent_id) for agent_id in (*assigned, *held, *resolved_by)}
    members: ColumnElement[bool] = (
        Agent.team_id == scope_team if scope_team is not None else Agent.active.is_(True)
    )
    people = session.execute(
        select(Agent.id, Agent.display_name)
        .where(or_(members, Agent.id.in_(counted)))
        .order_by(Agent.display_name, Agent.id)
    ).all()
    return [
        {
            "agent_id": agent_id,
            "display_name": name,
            "assigned": int(assigned.get(agent_id, 0)),
            "held": int(held.get(agent_id, 0)),
            "resolved": int(resolved_by.get(agent_id, 0)),
        }
        for agent_id, name in people
    ]


# -- days -------------------------------------------------------------------------------


def _days(since: datetime, until: datetime) -> list[str]:
    """Every local day the period touches, oldest first."""
    first = since.astimezone(DESK_ZONE).date()
    last = (until - timedelta(microseconds=1)).astimezone(DESK_ZONE).date()
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def _bump(daily: dict[str, dict[str, Any]], day: object, key: str, count: int) -> None:
    text = day.isoformat() if isinstance(day, date) else str(day)
    daily[text][key] += int(count)  # every counted time lies in the period


__all__ = ["dashboard_stats"]
