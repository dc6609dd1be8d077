from django import forms

from networks.models import User


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]
