"""The C2SP signed-note format (https://c2sp.org/signed-note), with Ed25519 keys.

A note is a UTF-8 text body ending in a newline, a blank line, then one line per signature:
`— <key name> <base64(4-byte key hash || 64-byte signature)>`. The signature is Ed25519 over
the body's bytes; the key hash is the first 4 bytes of SHA-256(name || 0x0A || 0x01 ||
32-byte public key). A verifier key is written `<name>+<key hash, 8 hex>+<base64(0x01 ||
public key)>` (the "vkey" of golang.org/x/mod/sumdb/note). Transparency logs sign their
checkpoints this way, so a note can be checked by their tools or by a few lines of Python.

Written by hand because no maintained Python package implements the note format itself; the
cryptography is `cryptography`'s (imported when a key is used: reading the record never
needs it).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final, Literal

from msgspec import Struct

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ED25519: Final = 0x01  # the signature type byte of an Ed25519 key
DASH: Final = "\u2014"  # the em dash that starts a signature line


class NoteError(ValueError):
    """Text that is not a signed note, or a key not in the vkey form."""


def key_hash(name: str, public: bytes) -> bytes:
    """The 4-byte key hash a signature line starts with."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([ED25519]) + public).digest()[:4]


def valid_name(name: str) -> bool:
    """A key name: not empty, no space and no `+` (the vkey form splits on it)."""
    return bool(name) and not any(c.isspace() or c == "+" for c in name)


class Verifier(Struct, frozen=True):
    """A public key and its name: what an allowed-signers file lists."""

    name: str
    public: bytes  # the 32-byte Ed25519 public key

    @property
    def hash(self) -> bytes:
        return key_hash(self.name, self.public)

    @property
    def vkey(self) -> str:
        encoded = base64.b64encode(bytes([ED25519]) + self.public).decode()
        return f"{self.name}+{self.hash.hex()}+{encoded}"

    @classmethod
    def parse(cls, text: str) -> Verifier:
        """A vkey as `vkey` writes it; NoteError if it is not one."""
        parts = text.strip().split("+", 2)
        if len(parts) != 3 or not valid_name(parts[0]):
            raise NoteError("not NAME+KEYHASH+KEY")
        name, hashed, encoded = parts
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as error:
            raise NoteError("the key is not base64") from error
        if len(raw) != 33 or raw[0] != ED25519:
            raise NoteError("the key is not an Ed25519 key")
        verifier = cls(name, raw[1:])
        if verifier.hash.hex() != hashed.lower():
            raise NoteError("the key hash does not match the key")
        return verifier

    def verifies(self, body: str, signature: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, body.encode())
        except (InvalidSignature, ValueError):
            return False
        return True


class Signer(Struct, frozen=True):
    """A private key and its name."""

    name: str
    private: bytes  # the 32-byte Ed25519 private key (seed)

    @classmethod
    def generate(cls, name: str) -> Signer:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
        )

        key = Ed25519PrivateKey.generate()
        return cls(name, key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))

    @property
    def verifier(self) -> Verifier:
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        public = self._key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return Verifier(self.name, public)

    def signature_line(self, body: str) -> str:
        signature = self._key().sign(body.encode())
        hashed = self.verifier.hash
        return f"{DASH} {self.name} {base64.b64encode(hashed + signature).decode()}\n"

    def _key(self) -> Ed25519PrivateKey:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return Ed25519PrivateKey.from_private_bytes(self.private)


def sign(body: str, signers: Iterable[Signer]) -> str:
    """The note: `body` (which must end in a newline), a blank line, a signature per key."""
    if not body.endswith("\n") or "\n\n" in body:
        raise NoteError("a note body ends in one newline and has no blank line")
    return body + "\n" + "".join(s.signature_line(body) for s in signers)


class Signature(Struct, frozen=True):
    name: str
    hash: bytes
    signature: bytes


Verdict = Literal["verified", "bad", "unknown"]


class Note(Struct, frozen=True):
    body: str
    signatures: tuple[Signature, ...]

    def verdicts(self, verifiers: Iterable[Verifier]) -> list[tuple[Signature, Verdict]]:
        """Each signature: verified by an allowed key, `bad` (an allowed key's name and hash
        but the signature does not verify: damaged or forged), or `unknown` (no allowed
        key has that name and hash)."""
        known: Mapping[tuple[str, bytes], Verifier] = {(v.name, v.hash): v for v in verifiers}
        result: list[tuple[Signature, Verdict]] = []
        for sig in self.signatures:
            key = known.get((sig.name, sig.hash))
            if key is None:
                result.append((sig, "unknown"))
            else:
                result.append((sig, "verified" if key.verifies(self.body, sig.signature)
                               else "bad"))
        return result


def parse(text: str) -> Note:
    """The body and signature lines of a note; NoteError if `text` is not one."""
    body, blank, tail = text.rpartition("\n\n")
    if not blank or not tail.endswith("\n"):
        raise NoteError("no blank line before the signatures, or no final newline")
    signatures = []
    for line in tail[:-1].split("\n"):
        dash, _, rest = line.partition(" ")
        name, _, encoded = rest.partition(" ")
        if dash != DASH or not valid_name(name) or " " in encoded:
            raise NoteError("a signature line is not `— NAME SIGNATURE`")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as error:
            raise NoteError("a signature is not base64") from error
        if len(raw) < 5:
            raise NoteError("a signature is too short")
        signatures.append(Signature(name, raw[:4], raw[4:]))
    return Note(body + "\n", tuple(signatures))
