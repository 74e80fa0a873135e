"""What goes in and out of the sign-in and invitation API."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from ..ideas.schemas import PersonSchema, UnitRefSchema
from ..inputs import InputSchema
from .models import LANGUAGES, ROLES


class UserSchema(Schema):
    id = fields.UUID(dump_only=True)
    display_name = fields.String(dump_only=True)
    role = fields.String(dump_only=True, validate=validate.OneOf(ROLES))
    language = fields.String(dump_only=True, validate=validate.OneOf(LANGUAGES))
    unit = fields.Nested(UnitRefSchema, dump_only=True)
    active = fields.Boolean(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class MeSchema(UserSchema):
    idempotency_days = fields.Integer(dump_only=True, metadata={"description": (
        "How many days the server keeps an Idempotency-Key. A write queued on a phone "
        "for longer must not be replayed with its old key: the first attempt may have "
        "been saved and forgotten since.")})
    weekly_digest = fields.Boolean(dump_only=True, metadata={"description": (
        "Whether I get the weekly digest (handlers and administrators: new ideas waiting "
        "for a first answer and overdue ideas in my units, as a push message and an inbox "
        "entry, on Monday mornings). Turn it off with PATCH /me.")})


class MeArgs(InputSchema):
    display_name = fields.String(validate=validate.Length(min=1, max=80))
    language = fields.String(validate=validate.OneOf(LANGUAGES))
    weekly_digest = fields.Boolean(metadata={"description": "false: no weekly digest."})


class InvitationArgs(InputSchema):
    unit_id = fields.UUID(required=True)
    role = fields.String(load_default="staff", validate=validate.OneOf(ROLES))
    display_name = fields.String(load_default=None, validate=validate.Length(min=1, max=80))
    user_id = fields.UUID(load_default=None,
                          metadata={"description": "Re-admit this existing user (lost phone)."})
    max_uses = fields.Integer(load_default=1, validate=validate.Range(min=1, max=500),
                              metadata={"description": "How many people may use the link; "
                                        "more than 1 (a poster for a unit) only for new staff."})


class InvitationCreatedSchema(Schema):
    id = fields.UUID(dump_only=True, metadata={
        "description": "The invitation's id, to revoke it with DELETE /invitations/{id}."})
    token = fields.String(dump_only=True)
    url = fields.String(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)
    max_uses = fields.Integer(dump_only=True)
    qr_url = fields.String(dump_only=True, metadata={"description": "The link as a QR code (SVG)."})
    poster_url = fields.String(dump_only=True,
                               metadata={"description": "A printable page with the QR code."})


class InvitationInfoSchema(Schema):
    valid = fields.Boolean(dump_only=True)
    unit = fields.Nested(UnitRefSchema, dump_only=True)
    role = fields.String(dump_only=True)
    display_name = fields.String(dump_only=True, allow_none=True)
    recovery = fields.Boolean(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)


class InvitationSchema(Schema):
    """An open invitation as its unit's handlers see it; never its token."""

    id = fields.UUID(dump_only=True)
    unit = fields.Nested(UnitRefSchema, dump_only=True)
    role = fields.String(dump_only=True, validate=validate.OneOf(ROLES), metadata={
        "description": "The role it grants; for a re-admission, the person's role when it "
                       "was made (it is refused if their role has been raised since)."})
    display_name = fields.String(dump_only=True, metadata={
        "description": "The name suggested for the invited person; empty when none."})
    recovery_for = fields.Nested(PersonSchema, dump_only=True, allow_none=True, metadata={
        "description": "The person it re-admits (a lost phone); null for a new person."})
    max_uses = fields.Integer(dump_only=True)
    use_count = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)
    created_by = fields.Nested(PersonSchema, dump_only=True, allow_none=True, metadata={
        "description": "Who made it; null when it was made on the command line."})
    from_command_line = fields.Boolean(dump_only=True)


class InvitationPageSchema(Schema):
    items = fields.List(fields.Nested(InvitationSchema), dump_only=True)
    next_cursor = fields.String(dump_only=True, allow_none=True)


class InvitationListArgs(InputSchema):
    unit_id = fields.UUID(load_default=None, metadata={
        "description": "Only invitations to this unit and its sub-units."})
    cursor = fields.String(load_default=None, validate=validate.Length(max=500))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class RedeemArgs(InputSchema):
    display_name = fields.String(load_default=None, validate=validate.Length(min=1, max=80),
                                 metadata={"description": "Required unless the invitation "
                                           "re-admits an existing user."})
    language = fields.String(load_default=None, validate=validate.OneOf(LANGUAGES))


class PasskeySchema(Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    last_used_at = fields.DateTime(dump_only=True, allow_none=True)


class SessionSchema(Schema):
    id = fields.UUID(dump_only=True)
    device = fields.String(dump_only=True, metadata={
        "description": "Browser and system, e.g. \"Safari, iPhone\"; empty when unknown."})
    passkey_name = fields.String(dump_only=True, allow_none=True, metadata={
        "description": "The name of the passkey this device signed in with, if any."})
    created_at = fields.DateTime(dump_only=True, metadata={"description": "When it signed in."})
    last_used_at = fields.DateTime(dump_only=True, metadata={
        "description": "Its latest request, to within an hour."})
    expires_at = fields.DateTime(dump_only=True, metadata={
        "description": "When it ends at the latest (90 days after signing in)."})
    current = fields.Boolean(dump_only=True, metadata={
        "description": "Whether this is the device making the request."})


class PasskeyNameArgs(InputSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))


class _PublicKeyCredentialArgs(InputSchema):
    """A browser's `PublicKeyCredential.toJSON()`; the WebAuthn module checks it in depth."""

    class Meta:
        # Browsers may add members to toJSON(); they must not break signing in.
        unknown = EXCLUDE

    id = fields.String(required=True)
    rawId = fields.String(required=True)
    type = fields.String(required=True)
    response = fields.Dict(required=True, keys=fields.String())
    authenticatorAttachment = fields.String(allow_none=True)
    clientExtensionResults = fields.Dict(keys=fields.String())


class PasskeyRegistrationArgs(_PublicKeyCredentialArgs):
    name = fields.String(validate=validate.Length(min=1, max=80),
                         metadata={"description": "A name for the passkey, such as the phone's."})


class PasskeyAssertionArgs(_PublicKeyCredentialArgs):
    pass


WEBAUTHN_OPTIONS = {
    "type": "object",
    "description": "WebAuthn options as JSON, for PublicKeyCredential.parseCreationOptionsFromJSON "
                   "or parseRequestOptionsFromJSON.",
    "additionalProperties": True,
}
