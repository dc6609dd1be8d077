"""Forms of the shell's own pages: a person's account settings."""

from django import forms

from networks.models import User


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]
