"""No secret in the job table (issue 28): a queued mail keeps its recipient in clear and
its content sealed (lib.mail), so neither a password-reset, address-confirmation
or invitation link nor its key can be read from the jobs' rows, the admin's task results
or a job's result and error; the worker opens the content just before it sends, and the
links work. The password-reset form mails nothing to an address without an account and
answers as it does for a known one."""

import logging
import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lib.mail import open_sealed, send_mails
from networks.models import Invitation, Role
from networks.services import invite
from tests.helpers import mails_in, run_tasks, with_totp, worker_process

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"http://testserver(/accounts/password/reset/key/(\w+)-([\w-]+)/)")
CONFIRM_LINK = re.compile(r"http://testserver(/accounts/confirm-email/([\w:-]+)/)")
INVITATION_LINK = re.compile(r"http://127\.0\.0\.1:8000(/einladung/([\w-]+)/)")
NEW_PASSWORD_FORM = 'name="password1"'


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def job_table() -> str:
    """Every column of every row of the job table, read straight from the database."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {DBTaskResult._meta.db_table}")  # noqa: S608
        return repr(cursor.fetchall())


def queued_mails() -> list[dict]:
    """The mails of every mail job as the worker sends them, opened."""
    return [
        open_sealed(data)
        for job in DBTaskResult.objects.filter(task_path="lib.mail.send_mails")
        for data in job.args_kwargs["args"][0]
    ]


def assert_kept_nowhere(*secrets: str) -> None:
    table = job_table()
    for secret in secrets:
        assert secret not in table


def request_reset(client, email: str, capture):
    with capture(execute=True):
        return client.post(reverse("account_reset_password"), {"email": email})


def test_a_password_reset_keeps_neither_key_nor_link_in_the_job_table(
    client, personas, django_capture_on_commit_callbacks
):
    verified(personas.climate_manager_a)
    request_reset(client, "klima.a@example.org", django_capture_on_commit_callbacks)
    (queued,) = queued_mails()  # the job holds the mail, sealed
    link, path, uid, key = RESET_LINK.search(queued["text"]).group(0, 1, 2, 3)
    assert_kept_nowhere(link, path, key)
    assert key not in repr(DBTaskResult.objects.get().args_kwargs)

    assert run_tasks() == 1
    job = DBTaskResult.objects.get()
    assert (job.status, job.return_value) == ("SUCCESSFUL", {"sent": 1, "retried": 0})
    assert_kept_nowhere(link, path, key)
    (message,) = mail.outbox
    assert message.to == ["klima.a@example.org"]
    assert RESET_LINK.search(message.body).group(0) == link
    # The link works: allauth keeps the key in the session and asks for the new password.
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/password/reset/key/{uid}-set-password/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert NEW_PASSWORD_FORM in page.content.decode()


def test_the_admins_task_results_show_no_reset_link(
    client, personas, django_capture_on_commit_callbacks
):
    verified(personas.climate_manager_a)
    request_reset(client, "klima.a@example.org", django_capture_on_commit_callbacks)
    run_tasks()
    path = RESET_LINK.search(mail.outbox[0].body).group(1)
    job = DBTaskResult.objects.get()
    client.force_login(with_totp(personas.superuser))
    listing = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    page = client.get(reverse("admin:django_tasks_database_dbtaskresult_change", args=[job.pk]))
    assert listing.status_code == page.status_code == 200
    assert "klima.a@example.org" in page.content.decode()  # addresses are no secret
    for html in (listing.content.decode(), page.content.decode()):
        assert path not in html
        assert path.split("/")[-2] not in html


def test_a_refused_reset_mail_is_retried_sealed_and_given_up_without_its_link(
    client, personas, settings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("lib.mail.RETRY_DELAYS", (0,))
    settings.EMAIL_BACKEND = "tests.helpers.MailServerDown"
    verified(personas.climate_manager_a)
    request_reset(client, "klima.a@example.org", django_capture_on_commit_callbacks)
    (queued,) = queued_mails()
    link, path, _uid, key = RESET_LINK.search(queued["text"]).group(0, 1, 2, 3)
    assert run_tasks() == 2  # the first attempt and the one retry
    assert list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True)) == [
        "SUCCESSFUL",
        "FAILED",
    ]
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "lib.mail.MailNotSent"
    assert "password_reset_key an klima.a@example.org" in failed.traceback
    assert_kept_nowhere(link, path, key)
    assert mail.outbox == []


def test_a_retry_sent_later_carries_the_working_link(
    client, personas, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.helpers.MailServerDown"
    verified(personas.climate_manager_a)
    request_reset(client, "klima.a@example.org", django_capture_on_commit_callbacks)
    run_tasks()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    (queued,) = retry.args_kwargs["args"][0]
    assert sorted(queued) == ["key", "name", "sealed", "to"]  # the content only sealed
    path = RESET_LINK.search(open_sealed(queued)["text"]).group(1)
    assert_kept_nowhere(path)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    assert run_tasks() == 1
    assert RESET_LINK.search(mail.outbox[0].body).group(1) == path
    assert client.get(path).status_code == 302


def test_an_invitation_link_is_not_kept_in_the_job_table(client, personas):
    invitation = Invitation(email="neu@example.org", role=Role.FUNDER, network=personas.network)
    invite(inviter=personas.coordinator, invitation=invitation)
    (queued,) = queued_mails()
    link, path, token = INVITATION_LINK.search(queued["text"]).group(0, 1, 2)
    assert_kept_nowhere(link, path, token)

    run_tasks()
    assert_kept_nowhere(token)
    (message,) = mail.outbox
    assert message.to == ["neu@example.org"]
    assert INVITATION_LINK.search(message.body).group(2) == token
    page = client.get(path)
    assert page.status_code == 200
    assert NEW_PASSWORD_FORM in page.content.decode()


def test_an_address_confirmation_key_is_not_kept_in_the_job_table(
    client, personas, django_capture_on_commit_callbacks
):
    verified(personas.climate_manager_a)
    client.force_login(personas.climate_manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_email"), {"action_add": "", "email": "anna.neu@example.org"})
    (queued,) = queued_mails()
    path, key = CONFIRM_LINK.search(queued["text"]).group(1, 2)
    assert_kept_nowhere(path, key)

    run_tasks()
    assert_kept_nowhere(key)
    (message,) = mail.outbox
    assert CONFIRM_LINK.search(message.body).group(2) == key
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(email="anna.neu@example.org").verified


LEGACY = {
    "key": None,
    "name": "password_reset_key",
    "to": "klima.a@example.org",
    "subject": "Passwort zurücksetzen",
    "text": "http://testserver/accounts/password/reset/key/alt-geheim-123/",
    "html": None,
    "calendar": None,
}


def test_a_job_queued_before_mails_were_sealed_is_still_sent_and_retried_sealed(settings):
    """At the upgrade the table may still hold jobs with their mails open."""
    settings.EMAIL_BACKEND = "tests.helpers.MailServerDown"
    send_mails.enqueue([LEGACY], recorder=None, attempt=1)
    run_tasks()
    retry = DBTaskResult.objects.get(status="READY")
    assert "alt-geheim-123" not in repr(retry.args_kwargs)
    assert open_sealed(retry.args_kwargs["args"][0][0]) == LEGACY

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_tasks()
    (message,) = mail.outbox
    assert (message.to, message.subject, message.body) == (
        ["klima.a@example.org"],
        "Passwort zurücksetzen",
        LEGACY["text"],
    )


OLD_KEY = "old-secret-key-" + "o" * 50
NEW_KEY = "new-secret-key-" + "n" * 50


def queue_under_old_key(client, personas, settings, capture) -> None:
    settings.SECRET_KEY = OLD_KEY
    verified(personas.climate_manager_a)
    request_reset(client, "klima.a@example.org", capture)
    assert "sealed" in DBTaskResult.objects.get().args_kwargs["args"][0][0]
    settings.SECRET_KEY = NEW_KEY


def test_after_a_key_rotation_the_old_key_among_the_fallbacks_opens_queued_mails(
    client, personas, settings, django_capture_on_commit_callbacks
):
    queue_under_old_key(client, personas, settings, django_capture_on_commit_callbacks)
    settings.SECRET_KEY_FALLBACKS = [OLD_KEY]
    assert run_tasks() == 1
    assert [message.to for message in mail.outbox] == [["klima.a@example.org"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_mail_no_key_opens_is_logged_and_retried_not_sent(
    client, personas, settings, caplog, django_capture_on_commit_callbacks
):
    queue_under_old_key(client, personas, settings, django_capture_on_commit_callbacks)
    settings.SECRET_KEY_FALLBACKS = []
    with caplog.at_level(logging.ERROR, logger="lib.mail"):
        run_tasks()
    assert mail.outbox == []
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "Mail password_reset_key to klima.a@example.org cannot be opened: it was sealed "
        "under a SECRET_KEY that is neither SECRET_KEY nor in SECRET_KEY_FALLBACKS now"
    ]
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    # Once the old key is named again, the retry goes out.
    settings.SECRET_KEY_FALLBACKS = [OLD_KEY]
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_tasks()
    assert [message.to for message in mail.outbox] == [["klima.a@example.org"]]


def normalised(response) -> str:
    # Each page masks its CSRF token afresh (64 letters and digits, in forms and htmx's
    # headers).
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "<csrf>", response.content.decode())


def test_a_password_reset_for_an_unknown_address_mails_nothing_and_answers_the_same(
    client, personas, django_capture_on_commit_callbacks
):
    verified(personas.climate_manager_a)
    unknown = request_reset(client, "erfunden@example.org", django_capture_on_commit_callbacks)
    assert DBTaskResult.objects.count() == 0
    assert run_tasks() == 0
    assert mail.outbox == []

    known = request_reset(client, "klima.a@example.org", django_capture_on_commit_callbacks)
    assert DBTaskResult.objects.count() == 1
    run_tasks()
    assert [message.to for message in mail.outbox] == [["klima.a@example.org"]]

    assert (unknown.status_code, unknown["Location"]) == (302, "/accounts/password/reset/done/")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    done_unknown = client.get(unknown["Location"])
    done_known = client.get(known["Location"])
    assert done_unknown.status_code == done_known.status_code == 200
    assert "Wir haben Dir eine E-Mail geschickt." in done_unknown.content.decode()
    assert normalised(done_unknown) == normalised(done_known)


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_opens_the_sealed_reset_mail(client, personas, tmp_path):
    """The worker as production runs it, a process of its own with the same SECRET_KEY."""
    verified(personas.climate_manager_a)
    with worker_process(tmp_path):
        client.post(reverse("account_reset_password"), {"email": "klima.a@example.org"})
        for _attempt in range(300):
            if DBTaskResult.objects.exclude(status="READY").exists():
                break
            time.sleep(0.1)
    job = DBTaskResult.objects.get()
    assert job.status == "SUCCESSFUL", job.traceback
    (message,) = mails_in(tmp_path)
    path = RESET_LINK.search(message.get_body(("plain",)).get_content()).group(1)
    assert_kept_nowhere(path)
    assert client.get(path).status_code == 302
