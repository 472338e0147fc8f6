"""YAML for word lists: YAML 1.1 reads 'on', 'off', 'yes', 'no' as booleans, which would turn the
preposition 'on' or Norway's code 'NO' into True/False. Here only true/false are booleans."""
from __future__ import annotations

import re
from typing import Any

import yaml


class WordLoader(yaml.SafeLoader):
    pass


WordLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
WordLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def load_words_yaml(text: str) -> Any:
    return yaml.load(text, Loader=WordLoader)  # noqa: S506 - a SafeLoader subclass
