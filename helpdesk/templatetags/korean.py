"""Korean particles in templates: ``{% filter particles %}`` around a translated sentence whose
Korean form writes "이(가)" or "(으)로" after a value; ``value|josa:"이"`` for one word."""

from __future__ import annotations

from typing import Any

from django import template

from helpdesk import particles as korean

register = template.Library()


@register.filter(is_safe=True)
def particles(text: Any) -> str:
    """Each combined particle in ``text`` in the form its word takes."""
    return korean.resolve(str(text))


@register.filter(is_safe=True)
def josa(word: Any, kind: str) -> str:
    """``word`` followed by its particle (any form of it: "이" or "가", "로" or "으로")."""
    return korean.attach(str(word), kind)
