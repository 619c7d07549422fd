from django.urls import reverse
from django.utils.translation import gettext
from django.views.generic import ListView

from publishing.data import DataTwinMixin, absolute
from publishing.linked_data import StructuredDataMixin, graph

from .models import Term


class GlossaryView(DataTwinMixin, StructuredDataMixin, ListView):
    template_name = "glossary/glossary.html"
    context_object_name = "terms"

    def get_queryset(self):
        return Term.objects.published()

    def get_data_url(self):
        return reverse("glossary:json")

    def get_data(self, context):
        return {
            "count": len(context["terms"]),
            "terms": [
                {
                    "slug": term.slug,
                    "term": term.term,
                    "also_matches": term.spellings[1:],
                    "short_definition": term.short_definition,
                    "definition_html": term.definition_html,
                    "source": term.source_label or None,
                    "source_url": term.source_url or None,
                    "url": absolute(self.request, term.get_absolute_url()),
                }
                for term in context["terms"]
            ],
        }

    def get_structured_data(self, context):
        url = absolute(self.request, reverse("glossary:list"))
        return graph(
            {
                "@type": "DefinedTermSet",
                "@id": url,
                "name": gettext("Community safety words, explained"),
                "url": url,
                "hasDefinedTerm": [
                    {
                        "@type": "DefinedTerm",
                        "name": term.term,
                        "description": term.short_definition,
                        "url": absolute(self.request, term.get_absolute_url()),
                    }
                    for term in context["terms"]
                ],
            }
        )
