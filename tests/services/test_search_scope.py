"""Who finds what as the desk changes (a move to another team, a new conversation, a merge),
and PostgreSQL's windows: its search reads the newest matches window by window."""

from __future__ import annotations

import itertools
import re

import pytest
from alembic import command
from sqlalchemy import select, text

from agentdesk.db.engine import Database
from agentdesk.db.migrate import alembic_config
from agentdesk.db.models import Agent, Conversation, Customer, Message, Role, SearchDoc, Team
from agentdesk.services import identity, search_index
from agentdesk.services import search as search_module
from agentdesk.services.actor import Actor
from agentdesk.services.conversations import system_move
from agentdesk.services.search import (
    CANDIDATES,
    WINDOW_LEVELS,
    next_width,
    scope_query,
    search,
    window_cover,
)
from tests.helpers.desk import NOW, DeskBuilder, cast
from tests.services.test_search import Library, build_library, found


@pytest.fixture
def library(any_db: Database) -> Library:
    return build_library(any_db)


# ------------------------------------------------------------------ who may see, as it changes


def test_a_move_to_another_team_moves_who_finds_it(library: Library) -> None:
    assert found(library, "冻结", "agent_a") == set()
    assert found(library, "王芳", "agent_a") == set()
    assert found(library, "王芳", "agent_b") == {"?customer"}
    with library.database.write() as session:
        phone = session.get_one(Conversation, library.conversations["phone"])
        system_move(session, phone, session.get_one(Agent, library.people.agent_a.id), "test")
    # The call, the message and the customer follow the conversation to team A.
    assert found(library, "冻结", "agent_a") == {"call", "frozen"}
    assert found(library, "王芳", "agent_a") == {"?customer"}
    assert found(library, "冻结", "agent_a2") == {"call", "frozen"}
    assert found(library, "冻结", "agent_b") == set()
    assert found(library, "王芳", "agent_b") == set()


def test_a_conversation_shows_its_customer_to_its_team_while_it_exists(library: Library) -> None:
    assert found(library, "李雷", "agent_b") == set()
    with library.database.write() as session:
        conversation = DeskBuilder(session).conversation(
            customer=session.get_one(Customer, library.customers["lilei"]),
            team=session.get_one(Team, library.people.team_b.id),
        )
        conversation_id = conversation.id
    assert found(library, "李雷", "agent_b") == {"lilei"}
    assert found(library, "1234.50", "agent_b") == {"txn"}
    assert found(library, "转账", "agent_b") == set()  # team A's chat stays team A's
    with library.database.write() as session:
        session.delete(session.get_one(Conversation, conversation_id))
    assert found(library, "李雷", "agent_b") == set()
    assert found(library, "1234.50", "agent_b") == set()


def test_a_merge_shows_the_moved_history_to_the_survivors_teams(library: Library) -> None:
    assert found(library, "1234.50", "agent_b") == set()
    with library.database.write() as session:
        identity.merge(
            session,
            session.get_one(Customer, library.customers["lilei"]),
            session.get_one(Customer, library.customers["wang"]),
            NOW,
        )
    # Wang has team B's phone call and, now, team A's chat: both teams see the transaction;
    # the chat's messages stay team A's.
    assert found(library, "1234.50", "agent_b") == {"txn"}
    assert found(library, "1234.50", "agent_a") == {"txn"}
    assert found(library, "转账", "agent_b") == set()
    assert found(library, "转账", "agent_a") == {"transfer", "hostile"}


# ------------------------------------------------------------------ PostgreSQL: scope


def _scopes(database: Database) -> dict[tuple[str, int], str]:
    with database.read() as session:
        rows = session.execute(
            text(
                "SELECT d.source, d.source_id, i.scope::text FROM search_index i"
                " JOIN search_docs d ON d.id = i.doc_id"
            )
        )
        return {(source, source_id): scope for source, source_id, scope in rows}


def test_the_scope_kept_as_the_desk_changes_is_what_a_rebuild_writes(postgres: Database) -> None:
    library = build_library(postgres)
    with postgres.write() as session:
        desk = DeskBuilder(session)
        phone = session.get_one(Conversation, library.conversations["phone"])
        system_move(session, phone, session.get_one(Agent, library.people.agent_a2.id), "test")
        desk.conversation(
            customer=session.get_one(Customer, library.customers["emma"]),
            team=session.get_one(Team, library.people.team_b.id),
            assignee=session.get_one(Agent, library.people.agent_b.id),
        )
    with postgres.write() as session:
        identity.merge(
            session,
            session.get_one(Customer, library.customers["lilei"]),
            session.get_one(Customer, library.customers["emma"]),
            NOW,
        )
    kept = _scopes(postgres)
    # Lilei's transaction, now Emma's: the keys of every conversation Emma has now.
    people = library.people
    assert set(re.findall(r"'([^']+)'", kept[("transaction", library.keys["txn"][1])])) == {
        f"~t{people.team_a.id}",
        f"~t{people.team_b.id}",
        f"~a{people.agent_a.id}",
        f"~a{people.agent_b.id}",
    }
    assert kept[("message", library.keys["frozen"][1])] == (
        f"'~a{people.agent_a2.id}' '~t{people.team_a.id}'"
    )
    search_index.reindex(postgres)
    assert _scopes(postgres) == kept
    # Nothing is left without a scope but what no agent may see.
    assert "" not in {kept[key] for key in kept if key[0] in ("message", "call")}


# ------------------------------------------------------------------ PostgreSQL: windows


def test_postgresql_reads_windows_back_to_the_newest_matches(
    postgres: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Matches spread over windows of every width, some the agent may not see: the
    candidates are the newest the agent may see, however many windows that takes."""
    with postgres.write() as session:
        desk = DeskBuilder(session)
        people = cast(desk)
        mine = desk.conversation(team=people.team_a)
        theirs = desk.conversation(team=people.team_b)
        for start in (100, 20_000, 150_000, 1_100_000, 9_000_000):
            session.execute(
                text("SELECT setval(pg_get_serial_sequence('search_docs', 'id'), :n)"),
                {"n": start},
            )
            for n in range(3):
                desk.message(mine, f"window marker {start} {n}")
                desk.message(theirs, f"window marker {start} hidden {n}")
            session.flush()
        agent = Actor.of(people.agent_a)
        visible = list(
            session.scalars(
                select(SearchDoc.id)
                .join(Message, Message.id == SearchDoc.source_id)
                .where(SearchDoc.source == "message", Message.conversation_id == mine.id)
                .order_by(SearchDoc.id.desc())
            )
        )
    assert len(visible) == 15 and visible[0] > 9_000_000 and visible[-1] < 20_000
    for wanted in (1, 4, 7, 14, 15):
        monkeypatch.setattr(search_module, "CANDIDATES", wanted)
        with postgres.read() as session:
            page = search(session, agent, "window marker", limit=100)
        assert sorted((hit.doc_id for hit in page.hits), reverse=True) == visible[:wanted]
        assert page.capped
    monkeypatch.setattr(search_module, "CANDIDATES", 100)
    with postgres.read() as session:
        page = search(session, agent, "window marker", limit=100)
        assert sorted((hit.doc_id for hit in page.hits), reverse=True) == visible
        assert not page.capped
        lead = Actor.of(session.get_one(Agent, people.lead_a.id))
        assert search(session, lead, "window marker", limit=100).matched == 30


def test_window_cover_covers_exactly_the_ids_asked_for() -> None:
    narrowest = 1 << WINDOW_LEVELS[-1]

    def ids(lexeme: str) -> range:
        level, number = (int(part) for part in lexeme.removeprefix("~w").split("_"))
        return range(number << level, (number + 1) << level)

    for low, high in [(0, 1), (0, 8), (3, 9), (7, 8), (5, 4100), (1, 9000), (0, 70_000)]:
        cover = window_cover(low * narrowest, high * narrowest)
        ranges = [ids(lexeme) for lexeme in cover]
        assert ranges[0].start == low * narrowest and ranges[-1].stop == high * narrowest
        assert all(a.stop == b.start for a, b in itertools.pairwise(ranges))
        assert len(cover) <= 2 * 7 * len(WINDOW_LEVELS)
    with pytest.raises(ValueError, match="window boundaries"):
        window_cover(1, narrowest)


def test_the_next_window_follows_what_was_found() -> None:
    narrowest = 1 << WINDOW_LEVELS[-1]
    assert next_width(2 * narrowest, 0) == 6 * narrowest  # nothing yet: four times as far
    assert next_width(2 * narrowest, CANDIDATES // 2) == 2 * narrowest  # at most as far again
    assert next_width(100 * narrowest, CANDIDATES - 1) == narrowest  # nearly there
    assert next_width(8 * narrowest, CANDIDATES // 5) == 8 * narrowest


def test_the_scope_query_is_the_visibility_rule() -> None:
    with_team = Actor(agent_id=7, username="a", display_name="A", role=Role.AGENT, team_id=3)
    alone = Actor(agent_id=9, username="b", display_name="B", role=Role.AGENT, team_id=None)
    assert scope_query(with_team) == "'~t3' | '~t0' | '~a7'"
    assert scope_query(alone) == "'~t0' | '~a9'"


def test_migrating_an_existing_index_fills_its_scope_and_windows(postgres: Database) -> None:
    """A desk indexed before migration 0007 (here: taken back to 0006) gets the same scope
    as one written live, and finds the same, agents' permissions included."""
    library = build_library(postgres)
    kept = _scopes(postgres)
    queries = [("冻结", "agent_b"), ("李雷", "agent_a"), ("余额", "agent_a2"), ("fail", "admin")]
    before = {query: found(library, *query) for query in queries}
    assert all(before.values())
    command.downgrade(alembic_config(postgres), "0006")
    command.upgrade(alembic_config(postgres), "head")
    assert _scopes(postgres) == kept
    assert {query: found(library, *query) for query in queries} == before
