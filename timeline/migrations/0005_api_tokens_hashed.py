"""API tokens move from DRF's table, where they were kept in clear, into django-rest-knox's,
where only a digest is kept. Every token keeps working: knox finds a token by its first
characters and checks the digest of the whole, whatever its length. The old rows are deleted."""

from django.db import migrations
from knox.crypto import hash_token
from knox.settings import CONSTANTS


def hash_tokens(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    AuthToken = apps.get_model("knox", "AuthToken")
    for token in Token.objects.all():
        hashed = AuthToken(
            digest=hash_token(token.key),
            token_key=token.key[: CONSTANTS.TOKEN_KEY_LENGTH],
            user_id=token.user_id,
            expiry=None,
        )
        hashed.save()
        # auto_now_add set it to now; the token is as old as it was.
        AuthToken.objects.filter(pk=hashed.pk).update(created=token.created)
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0004_event_confidence_unsourced"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    # A digest cannot be turned back into a token: going back leaves the tokens in knox.
    operations = [migrations.RunPython(hash_tokens, migrations.RunPython.noop)]
