"""The Aksel crispy pack renders every widget the product uses, with labels, help and errors."""

import re

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

SECTORS = [("private", "Privat"), ("municipal", "Kommunal"), ("state", "Statlig")]
OFFERS = [("at", "Arbeidstrening"), ("lt", "Lønnstilskudd"), ("mentor", "Mentor")]


class EveryWidgetForm(forms.Form):
    name = forms.CharField(label="Navn", help_text="Slik det står i Brønnøysundregistrene")
    tasks = forms.CharField(label="Arbeidsoppgaver", widget=forms.Textarea)
    places = forms.IntegerField(label="Antall plasser", min_value=1)
    email = forms.EmailField(label="E-post", required=False)
    start = forms.DateField(label="Startdato")
    sector = forms.ChoiceField(label="Sektor", choices=[("", "Velg sektor"), *SECTORS])
    licences = forms.MultipleChoiceField(label="Førerkort", choices=[("B", "B"), ("C", "C")], required=False)
    has_hr = forms.BooleanField(label="Har HR-funksjon", required=False)
    need = forms.ChoiceField(
        label="Rekrutteringsbehov",
        choices=[("none", "Ingen"), ("short", "Kort sikt")],
        widget=forms.RadioSelect,
    )
    offers = forms.MultipleChoiceField(label="Tiltak", choices=OFFERS, widget=forms.CheckboxSelectMultiple)
    attachment = forms.FileField(label="Vedlegg", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("has_hr") and not data.get("email"):
            raise forms.ValidationError("Oppgi e-post når virksomheten har HR-funksjon.")
        return data


def has_tag(html: str, tag: str, *fragments: str) -> bool:
    """True if some <tag …> element carries every fragment (attribute order does not matter)."""
    return any(all(f in element for f in fragments) for element in re.findall(rf"<{tag}\b[^>]*>", html))


def render_filter(form) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def render_tag(form) -> str:
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


@pytest.fixture
def invalid_form():
    form = EveryWidgetForm(
        data={"places": "0", "sector": "", "need": "", "has_hr": "on", "start": "ikke-dato"}
    )
    assert not form.is_valid()
    return form


@pytest.mark.parametrize("render", [render_filter, render_tag])
def test_each_widget_gets_aksel_markup_and_label(render):
    html = render(EveryWidgetForm())
    assert '<label for="id_name" class="aksel-form-field__label aksel-label">Navn</label>' in html
    assert has_tag(html, "input", 'name="name"', 'class="aksel-text-field__input')
    assert 'aria-describedby="id_name-description"' in html
    assert 'id="id_name-description"' in html and "Brønnøysundregistrene" in html
    assert has_tag(html, "textarea", 'name="tasks"', 'class="aksel-textarea__input')
    assert has_tag(html, "input", 'type="number"', 'class="aksel-text-field__input')
    assert "E-post (valgfritt)" in html and 'type="email"' in html
    assert has_tag(html, "input", 'type="date"', 'name="start"')
    assert has_tag(html, "select", 'name="sector"', 'class="aksel-select__input')
    assert "aksel-select__chevron" in html
    assert has_tag(html, "select", 'name="licences"', "multiple")
    assert 'class="aksel-checkbox__label' in html and "Har HR-funksjon" in html
    assert 'role="radiogroup"' in html and 'class="aksel-radio__input"' in html
    assert (
        '<legend id="id_need-legend" class="aksel-fieldset__legend aksel-label">Rekrutteringsbehov</legend>'
        in html
    )
    assert "aksel-checkbox-group" in html and 'value="lt"' in html
    assert 'type="file"' in html and "Vedlegg (valgfritt)" in html
    assert 'type="hidden" name="secret"' in html
    assert "aksel-error-summary" not in html


@pytest.mark.parametrize("render", [render_filter, render_tag])
def test_errors_are_summarised_and_linked_to_fields(render, invalid_form):
    html = render(invalid_form)
    assert "Du må rette disse feilene før du kan lagre:" in html
    # Each field error appears in the summary with a link to the field (or its first option).
    assert 'href="#id_name"' in html
    assert 'href="#id_need_0"' in html
    assert 'href="#id_offers_0"' in html
    assert 'href="#id_places"' in html
    # Field-level: error modifier, aria-invalid, aria-describedby pointing at the error element.
    assert "aksel-text-field--error" in html
    assert re.search(r'aria-describedby="id_name-description id_name-error"', html)
    assert 'aria-invalid="true"' in html
    assert 'id="id_places-error"' in html
    assert "aksel-select--error" in html
    assert "aksel-fieldset--error" in html
    # Norwegian messages from Django's nb catalogue and from the form's own clean().
    assert "Feltet er påkrevet." in html
    assert "Oppgi e-post når virksomheten har HR-funksjon." in html


def test_tag_renders_form_element_layout_and_buttons():
    form = EveryWidgetForm()
    form.helper = FormHelper()
    form.helper.form_method = "post"
    form.helper.layout = Layout(Fieldset("Om virksomheten", "name", "sector"), "tasks")
    form.helper.add_input(Submit("save", "Lagre"))
    form.helper.add_input(Submit("cancel", "Avbryt"))
    request = RequestFactory().get("/")
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        RequestContext(request, {"form": form})
    )
    assert html.strip().startswith("<form") and 'method="post"' in html and "novalidate" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert (
        '<legend class="aksel-fieldset__legend aksel-heading aksel-heading--small">Om virksomheten</legend>'
        in html
    )
    assert re.search(
        r'data-variant="primary" class="aksel-button[^"]*"[^>]*><span class="aksel-label">Lagre', html
    )
    assert re.search(
        r'data-variant="secondary" class="aksel-button[^"]*"[^>]*><span class="aksel-label">Avbryt', html
    )
    assert 'enctype="multipart/form-data"' in html  # the form has a file field


@pytest.mark.django_db
def test_error_summary_names_and_links_each_field(client_for, radgiver):
    response = client_for(radgiver).post(reverse("employers:employer_create"), {})
    content = response.content.decode()
    assert 'href="#id_name" class="aksel-error-summary__item aksel-link">Navn: ' in content
    assert 'href="#id_orgnr" class="aksel-error-summary__item aksel-link">Organisasjonsnummer: ' in content


@pytest.mark.django_db
def test_login_error_summary_names_the_field(client):
    content = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert 'href="#id_username" class="aksel-error-summary__item aksel-link">Brukernavn: ' in content


def test_formset_errors_name_the_row():
    class Row(forms.Form):
        orgnr = forms.CharField(label="Organisasjonsnummer")

    formset = forms.formset_factory(Row, extra=0)(
        {"rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "0", "rows-0-orgnr": "1", "rows-1-orgnr": ""},
        prefix="rows",
    )
    formset.forms[1].empty_permitted = False
    assert not formset.is_valid()
    html = Template(
        '{% include "aksel/errors.html" with summary_formset=formset summary_item_label="Arbeidsgiver" %}'
    ).render(Context({"formset": formset}))
    assert 'href="#id_rows-1-orgnr"' in html
    assert "Arbeidsgiver 2 – Organisasjonsnummer: " in html


@pytest.mark.django_db
def test_empty_choice_says_what_it_means():
    """Never «---------»: a model field's choices (Django's BlankChoiceIterator), a model choice and
    a plain choice field each say «Velg …»; an acronym keeps its capitals, an aside in brackets
    stays in the label."""
    from accounts.models import NavUnit
    from employers.models import Employer

    class ChoicesForm(forms.ModelForm):
        office = forms.ModelChoiceField(label="NAV-kontor", queryset=NavUnit.objects.all(), required=False)
        need = forms.ChoiceField(
            label="Behov (når samtykket gjelder ett behov)", choices=[("", "---------"), *SECTORS]
        )

        class Meta:
            model = Employer
            fields = ["size_band"]

    html = render_filter(ChoicesForm())
    assert "---------" not in html
    assert '<option value="" selected>Velg størrelse</option>' in html
    assert ">Velg NAV-kontor</option>" in html
    assert ">Velg behov</option>" in html
