"""The demo desk's own people and numbers: two teams, their leads and agents, the hotlines."""

from __future__ import annotations

import random
from dataclasses import dataclass

from agentdesk.db.models import Language, Role

#: Every demo account signs in with this password (stored as one argon2id hash).
DEMO_PASSWORD = "demo"  # noqa: S105 - the documented demo password

WALLET_CARE = "钱包支持 Wallet Care"
RISK_SECURITY = "风控与安全 Risk & Security"
TEAMS: tuple[tuple[str, str], ...] = (
    (WALLET_CARE, "Asia/Shanghai"),
    (RISK_SECURITY, "Asia/Hong_Kong"),
)

SUPPORT_EMAIL = "support@tpwallet.example"
HOTLINE_CN = "+862160881234"  # Shanghai; the seed article's 08:00-20:00 weekday hotline
HOTLINE_HK = "+85239001234"


@dataclass(frozen=True, slots=True)
class DemoAgent:
    """One demo account; `username` is what the login dialog and `agentdesk demo` use."""

    username: str
    display_name: str
    role: Role
    team: str | None
    language: Language
    capacity: int = 8


DEMO_AGENTS: tuple[DemoAgent, ...] = (
    DemoAgent("lead.li", "李静", Role.LEAD, WALLET_CARE, Language.ZH, 6),
    DemoAgent("agent.wang", "王磊", Role.AGENT, WALLET_CARE, Language.ZH),
    DemoAgent("agent.zhang", "张敏", Role.AGENT, WALLET_CARE, Language.ZH),
    DemoAgent("agent.chen", "陈晓雯", Role.AGENT, WALLET_CARE, Language.ZH),
    DemoAgent("agent.emma", "Emma Clarke", Role.AGENT, WALLET_CARE, Language.EN),
    DemoAgent("agent.tom", "Tom Ho", Role.AGENT, WALLET_CARE, Language.EN),
    DemoAgent("lead.zhao", "赵强", Role.LEAD, RISK_SECURITY, Language.ZH, 6),
    DemoAgent("agent.liu", "刘洋", Role.AGENT, RISK_SECURITY, Language.ZH),
    DemoAgent("agent.sun", "孙悦", Role.AGENT, RISK_SECURITY, Language.ZH),
    DemoAgent("agent.david", "David Wong", Role.AGENT, RISK_SECURITY, Language.EN),
    DemoAgent("admin", "系统管理员 Admin", Role.ADMIN, None, Language.ZH, 0),
)


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: int
    name: str
    role: Role
    team: str | None
    language: Language


class Roster:
    """Who can be assigned in each team; English speakers get most English customers."""

    def __init__(self, members: list[StaffMember]) -> None:
        self.by_team: dict[str, list[StaffMember]] = {}
        self.english: dict[str, list[StaffMember]] = {}
        for member in members:
            if member.team is None or member.role is Role.ADMIN:
                continue
            # Leads take a share of tickets too, but a smaller one.
            share = 1 if member.role is Role.LEAD else 3
            self.by_team.setdefault(member.team, []).extend([member] * share)
            if member.language is Language.EN:
                self.english.setdefault(member.team, []).append(member)

    def pick(self, rng: random.Random, team: str, language: Language) -> StaffMember:
        english = self.english.get(team)
        if language is Language.EN and english and rng.random() < 0.6:
            return rng.choice(english)
        return rng.choice(self.by_team[team])
