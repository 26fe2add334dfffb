"""Form widgets rendered by Jinja2, with Django's template engine for the rest.

Django renders every widget, and every option of a select, through its template engine;
on a page with a few selects that was a third of the page's time. Django ships Jinja2
versions of its own form and widget templates, which render several times faster; widgets
with templates only for the Django engine (the admin's) are rendered by it as before.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FastFormRenderer(BaseRenderer):
    def __init__(self) -> None:
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)
