"""Who is asking: the signed-in agent every service call acts for."""

from __future__ import annotations

from dataclasses import dataclass

from agentdesk.db.models import Agent, Language, Role


@dataclass(frozen=True, slots=True)
class Actor:
    agent_id: int
    username: str
    display_name: str
    role: Role
    team_id: int | None
    language: Language = Language.ZH
    address: str = ""

    @classmethod
    def of(cls, agent: Agent, address: str = "") -> Actor:
        return cls(
            agent.id,
            agent.username,
            agent.display_name,
            agent.role,
            agent.team_id,
            agent.language,
            address,
        )

    @property
    def is_lead(self) -> bool:
        return self.role in (Role.LEAD, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN
