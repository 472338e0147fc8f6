"""YAML for word lists: YAML 1.1 reads 'on', 'off', 'yes', 'no' as booleans, which would turn the
preposition 'on' or Norway's code 'NO' into True/False. Here only true/false are booleans."""
from __future__ import annotations

import re
from typing import Any

import yaml


class WordLoader(yaml.SafeLoader):
    """Also refuses a mapping that repeats a key (YAML would keep the last one silently)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


WordLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
WordLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def load_words_yaml(text: str) -> Any:
    return yaml.load(text, Loader=WordLoader)  # noqa: S506 - a SafeLoader subclass
