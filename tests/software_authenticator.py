"""A passkey authenticator in Python, for testing the server's side of WebAuthn.

It does what a browser and an authenticator do between them: from the options the
server sends, it makes an EC P-256 key pair and answers with the client data, the
authenticator data and a CBOR attestation object of format "none" (registration), or
signs the authenticator data and the client data's hash (assertion). The server checks
these with py_webauthn exactly as it checks a real device's.
"""

import hashlib
import json
import os
import struct
from base64 import urlsafe_b64decode, urlsafe_b64encode

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

USER_PRESENT = 0x01
USER_VERIFIED = 0x04
ATTESTED_CREDENTIAL_DATA = 0x40
COSE_EC2, COSE_ES256, COSE_P256 = 2, -7, 1


def b64url(data):
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def from_b64url(text):
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftwareAuthenticator:
    def __init__(self, origin):
        self.origin = origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0
        self.user_handle = None

    def cose_public_key(self):
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: COSE_EC2,
                3: COSE_ES256,
                -1: COSE_P256,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def client_data(self, kind, challenge):
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        ).encode()

    def authenticator_data(self, rp_id, flags, attested=b""):
        self.sign_count += 1
        rp_id_hash = hashlib.sha256(rp_id.encode()).digest()
        return rp_id_hash + bytes([flags]) + struct.pack(">I", self.sign_count) + attested

    def register(self, options):
        """The browser's answer to ``navigator.credentials.create`` with ``options``."""
        self.user_handle = from_b64url(options["user"]["id"])
        attested = (
            bytes(16)  # AAGUID: none given, as with attestation "none"
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self.cose_public_key()
        )
        auth_data = self.authenticator_data(
            options["rp"]["id"], USER_PRESENT | USER_VERIFIED | ATTESTED_CREDENTIAL_DATA, attested
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": b64url(self.client_data("webauthn.create", options["challenge"])),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
        }

    def assert_(self, options, *, tamper=False):
        """The browser's answer to ``navigator.credentials.get`` with ``options``."""
        client_data = self.client_data("webauthn.get", options["challenge"])
        auth_data = self.authenticator_data(options["rpId"], USER_PRESENT | USER_VERIFIED)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        if tamper:
            signature = self.key.sign(signed + b"!", ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": b64url(self.user_handle),
            },
            "clientExtensionResults": {},
        }
