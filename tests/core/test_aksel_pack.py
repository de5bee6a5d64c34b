from django import forms

from core.templatetags.aksel import field_kind


class _Form(forms.Form):
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)
    one = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)


def test_checkbox_multiple_renders_as_checkboxes_not_radios():
    form = _Form()
    assert field_kind(form["many"]) == "checkboxes"
    assert field_kind(form["one"]) == "radio"
    html = form.as_p() and str(__import__("crispy_forms.utils").utils.render_crispy_form(form))
    assert 'type="checkbox"' in html and 'name="many"' in html
