from django import forms
from django.utils.translation import gettext_lazy as _

KINDS = (("prosjekt", _("Prosjekt")), ("region", _("Fylke")), ("kontor", _("NAV-kontor")))


class DashboardFilterForm(forms.Form):
    """Period and one of project, county or NAV-kontor. Figures are published per node and never
    crossed (project × office would make almost every cell small and tie tables together in
    ways suppression cannot keep consistent), so choosing two at once is refused."""

    periode = forms.ChoiceField(label=_("Periode"), required=False)
    prosjekt = forms.ChoiceField(label=_("Prosjekt"), required=False)
    region = forms.ChoiceField(label=_("Fylke"), required=False)
    kontor = forms.ChoiceField(label=_("NAV-kontor"), required=False)

    def __init__(self, data, *, nodes, periods, show_all: bool):
        super().__init__(data)
        self.fields["periode"].choices = periods
        everything = _("Alle") if show_all else _("Velg")
        for kind, _label in KINDS:
            choices = [(n.split("-", 1)[1], label) for n, label in nodes if n.startswith(kind + "-")]
            self.fields[kind].choices = [("", everything), *choices]
            if not choices:
                self.fields[kind].widget = forms.HiddenInput()
        self.nodes = [n for n, _l in nodes]
        self.show_all = show_all

    def clean(self):
        data = super().clean()
        chosen = [(kind, data.get(kind)) for kind, _l in KINDS if data.get(kind)]
        if len(chosen) > 1:
            raise forms.ValidationError(
                _(
                    "Velg prosjekt, fylke eller NAV-kontor – bare ett av dem. Tallene vises for én enhet om gangen."
                )
            )
        if chosen:
            data["node"] = f"{chosen[0][0]}-{chosen[0][1]}"
        elif self.show_all:
            data["node"] = "alle"
        else:
            data["node"] = self.nodes[0] if self.nodes else None
        return data
