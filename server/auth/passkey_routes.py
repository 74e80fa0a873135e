"""HTTP routes for the passkey ceremonies, a user's own passkeys, and removing someone's."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from flask import jsonify
from flask_login import current_user

from ..errors import ApiError, NotFound
from ..extensions import db, limiter
from ..idempotency.docs import replayable
from . import blp, passkeys, services
from .relying_party import InvalidOrigin
from .models import User
from .rate_limits import sign_in_limit
from .presenters import user_out
from .schemas import (WEBAUTHN_OPTIONS, PasskeyAssertionArgs, PasskeyNameArgs,
                      PasskeyRegistrationArgs, PasskeySchema, UserSchema)

@contextmanager
def passkey_errors(status: int) -> Iterator[None]:
    """Turn a refused ceremony into an error the person can act on."""
    try:
        yield
    except InvalidOrigin as exc:
        # The server's GNISTA_ORIGIN is wrong; nothing the person can fix.
        raise ApiError(f"Passkeys are not set up on this server: {exc}",
                       code=exc.code, status=503) from exc
    except passkeys.MalformedCredential as exc:
        raise ApiError(str(exc), code=exc.code, status=400) from exc
    except passkeys.PasskeyError as exc:
        raise ApiError(str(exc), code=exc.code, status=status) from exc


@blp.route("/passkeys/registration/options", methods=["POST"])
@limiter.limit(sign_in_limit)
@blp.response(200, WEBAUTHN_OPTIONS)
def passkey_registration_options():
    """Start creating a passkey for me: options for navigator.credentials.create()."""
    with passkey_errors(400):
        return jsonify(services.passkey_registration_options(current_user))


@blp.route("/passkeys", methods=["POST"])
@limiter.limit(sign_in_limit)
@blp.arguments(PasskeyRegistrationArgs)
@blp.response(201, PasskeySchema)
@blp.alt_response(409, description="The passkey is registered already, or I have too many.")
@replayable(blp, PasskeySchema)
def create_passkey(args):
    """Store a new passkey for me; the body is the credential's toJSON(), plus an optional name."""
    name = args.pop("name", None)
    with passkey_errors(400):
        return services.register_passkey(current_user, args, name=name)


@blp.route("/passkeys", methods=["GET"])
@blp.response(200, PasskeySchema(many=True))
def list_passkeys():
    """List my passkeys."""
    return services.list_passkeys(current_user)


@blp.route("/passkeys/<uuid:passkey_id>", methods=["PATCH"])
@blp.arguments(PasskeyNameArgs)
@blp.response(200, PasskeySchema)
def rename_passkey(args, passkey_id):
    """Rename one of my passkeys."""
    passkey = services.own_passkey(current_user, passkey_id)
    services.rename_passkey(passkey, args["name"])
    return passkey


@blp.route("/passkeys/<uuid:passkey_id>", methods=["DELETE"])
@blp.response(204)
def delete_passkey(passkey_id):
    """Remove one of my passkeys; the devices it signed in on are signed out."""
    passkey = services.own_passkey(current_user, passkey_id)
    signed_in_with_it = (current_user.current_session is not None
                         and current_user.current_session.passkey_id == passkey.id)
    services.delete_passkey(passkey)
    if signed_in_with_it:
        services.sign_out()  # its session row is gone; forget the cookie as well


@blp.route("/users/<uuid:user_id>/passkeys", methods=["DELETE"])
@blp.response(204)
def remove_user_passkeys(user_id: uuid.UUID):
    """Remove all of a user's passkeys and end their sessions (admin; a lost or stolen phone)."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("That user does not exist.")
    services.may_manage_passkeys(current_user, user)
    services.remove_all_passkeys(user)


@blp.route("/session/options", methods=["POST"])
@limiter.limit(sign_in_limit)
@blp.response(200, WEBAUTHN_OPTIONS)
def session_options():
    """Start signing in: options for navigator.credentials.get() with any passkey on the device."""
    with passkey_errors(400):
        return jsonify(services.sign_in_options())


@blp.route("/session", methods=["POST"])
@limiter.limit(sign_in_limit)
@blp.arguments(PasskeyAssertionArgs)
@blp.response(200, UserSchema)
@blp.alt_response(401, description="The passkey was not accepted.")
@blp.alt_response(403, description="The account has been deactivated.")
def create_session(args):
    """Sign in with a passkey; the body is the assertion's toJSON()."""
    with passkey_errors(401):
        return user_out(services.sign_in_with_passkey(args))
