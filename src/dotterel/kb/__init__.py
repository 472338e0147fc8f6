"""The actor knowledge base: states, state bodies, international bodies, groups, people, agent words.

Loaded from the reviewed YAML files in `data/actors/` (see docs/knowledge-base.md) plus any user
files, which add entries or override entries with the same id.
"""
from dotterel.kb.base import AgentWord, Entity, KnowledgeBase, Role, load_kb, norm

__all__ = ["AgentWord", "Entity", "KnowledgeBase", "Role", "load_kb", "norm"]
