"""The package file (`*.bdpkg`) and the set-up file, sealed with well-reviewed constructions from
`cryptography` — nothing home-made (issue 20):

- Encryption to the recipient: HPKE (RFC 9180) in base mode with DHKEM(X25519, HKDF-SHA256),
  HKDF-SHA256 and AES-256-GCM — an ephemeral X25519 key agreement, a key schedule and an AEAD,
  as standardised. The clear header is bound into the encryption as HPKE `info`.
- Signature by the sender: Ed25519 over everything before it (magic, header, ciphertext), checked
  before anything is decrypted: a changed byte anywhere, or a package signed by any key but the
  one pinned for that sender, is refused.
- The set-up file is written before the branch has keys, so it is encrypted with a key derived by
  Argon2id (as the database key file, db/cipher.py) from a one-time 20-digit set-up code, which the
  committee reads to the branch secretary; it is signed by the committee like any package.

Layout of both: MAGIC | header length (4 bytes, big-endian) | header JSON | body length | body |
64-byte Ed25519 signature. The payload inside is zlib-compressed JSON, with a cap on its size
after decompression.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import re
import secrets
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from branchdesk.db import cipher
from branchdesk.domain.file_names import safe_file_name
from branchdesk.services.errors import ServiceError
from branchdesk.services.exchange.content_reader import ContentReader

PACKAGE_MAGIC = b"BranchDesk-package\x00"
SETUP_MAGIC = b"BranchDesk-setup\x00"
FORMAT = 1
# A 数据包 written as one of several (package_size.py): readable only by a version that knows a part
# does not carry everything since its base; an older one refuses it as another version's.
PART_FORMAT = 2
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_INFO = b"BranchDesk package v1\x00"
_SETUP_AAD = b"BranchDesk setup v1\x00"
SIGNATURE_SIZE = 64
MAX_FILE = 512 * 1024 * 1024
# After decompression a package's content may hold this much, no more: a zip bomb — or a package of
# many large attachments — stops here, counted while it is decompressed. An import holds the file three
# times while it decrypts it (HPKE's input, buffer and output), then the records and the rows merged,
# never the content whole (open_package_content): measured 865 MB for a package at this size (230 MB
# of file; 1,010 MB before: package_size.py, Memory), so a PC with 4 GB survives it (trial R, TR-3:
# 1 GB allowed before). Each attachment is held to its own limit besides (shape.py).
MAX_PAYLOAD = 320 * 1024 * 1024
CODE_DIGITS = 20


class PackageRefused(ServiceError):
    """The file is refused; nothing was written. `reason` is a short code, the message plain Chinese;
    `details`: what support needs beside it (the database versions of a refused version), for the
    list of packages and 详细信息, not for the teacher's sentence."""

    def __init__(self, reason: str, message: str, details: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.details = details


@dataclass(frozen=True)
class KeyPair:
    sign_private: bytes  # Ed25519, raw 32 bytes
    box_private: bytes  # X25519, raw 32 bytes

    @classmethod
    def generate(cls) -> KeyPair:
        from cryptography.hazmat.primitives import serialization as s

        raw = (s.Encoding.Raw, s.PrivateFormat.Raw, s.NoEncryption())
        return cls(Ed25519PrivateKey.generate().private_bytes(*raw), X25519PrivateKey.generate().private_bytes(*raw))

    @property
    def sign_public(self) -> bytes:
        return _raw_public(Ed25519PrivateKey.from_private_bytes(self.sign_private).public_key())

    @property
    def box_public(self) -> bytes:
        return _raw_public(X25519PrivateKey.from_private_bytes(self.box_private).public_key())


def _raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives import serialization as s

    return key.public_bytes(s.Encoding.Raw, s.PublicFormat.Raw)


def fingerprint(sign_public: bytes, box_public: bytes) -> str:
    """20 digits in groups of four, from SHA-256 of both public keys: short enough to read out on the
    phone, long enough (66 bits) that no one can make a key pair that matches a given one."""
    digest = hashlib.sha256(b"BranchDesk site keys\x00" + sign_public + box_public).digest()
    number = int.from_bytes(digest[:16], "big") % 10**CODE_DIGITS
    text = f"{number:0{CODE_DIGITS}d}"
    return " ".join(text[i:i + 4] for i in range(0, CODE_DIGITS, 4))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object, what: str) -> bytes:
    try:
        return base64.b64decode(str(text), validate=True)
    except ValueError as exc:
        raise PackageRefused("damaged", f"文件中的{what}无法读取，文件可能已损坏") from exc


def _canonical(header: dict[str, Any]) -> bytes:
    return json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _frame(magic: bytes, header: bytes, body: bytes) -> bytes:
    return magic + struct.pack(">I", len(header)) + header + struct.pack(">Q", len(body)) + body


def _compress(payload: bytes | bytearray) -> bytes:
    return zlib.compress(payload, 6)


_PIECE = 16 * 1024 * 1024  # (smaller than MAX_TEXT: a longer stretch always spans pieces, see _Stretch)
# The longest single value a package carries: the largest attachment a window takes (a meeting's
# photo, 30 MB: db/stored_file.py) is 40 MB in base64. A longer one stops the decompression at once,
# before it is held (trial R, TR-3: a 200 MB attachment in a 270 KB package); each attachment's own
# limit and size are checked after, with its record named (shape.py).
MAX_TEXT = 48 * 1024 * 1024


_NAME = re.compile(rb'"\w+"\s*:\s*"([^"\\]{1,1024})"')


class _Stretch:
    """How long the content has gone without a '"' — the length of the value being read, at least."""

    def __init__(self) -> None:
        self.length = 0

    def fits(self, piece: bytes | bytearray) -> bool:
        first = piece.find(b'"')
        if first < 0:
            self.length += len(piece)
            return self.length <= MAX_TEXT
        if self.length + first > MAX_TEXT:
            return False
        self.length = len(piece) - piece.rfind(b'"') - 1
        return True


def _named_file(content: bytes | bytearray, end: int | None = None) -> str:
    """The name of the file whose content is being read (before `end`): the last file name before it
    (a row's name comes before its content, tables.py's column order)."""
    end = len(content) if end is None else end
    at = max(content.rfind(b'"file_name"', 0, end), content.rfind(b'"filename"', 0, end))
    found = _NAME.match(bytes(content[at:at + 1100])) if at >= 0 else None
    return safe_file_name(found[1].decode("utf-8", errors="replace")) if found else ""


def _too_long(name: str) -> PackageRefused:
    what = f"附件“{name}”" if name else "一项内容"
    return PackageRefused("too-large", f"数据包中的{what}大于 {MAX_TEXT * 3 // 4 // 1024 // 1024} MB，超过任何附件的上限，"
                                       "本机无法安全接收（文件可能被改动过）。已拒收，没有写入任何内容。")


_INPUT = 1024 * 1024  # compressed bytes given to the decompressor at a time (a view: never a copy of the rest)
_NAME_KEYS = (b'"file_name"', b'"filename"')


def _pieces(data: bytes | bytearray) -> Iterator[bytes]:
    """The content, decompressed piece by piece and counted: past MAX_PAYLOAD, or with a single value
    longer than MAX_TEXT, it stops and refuses (a zip bomb is never expanded whole). The compressed
    bytes are read through a view, a little at a time (not copied whole at each step as the rest
    still to read), and the pieces are not kept here: the caller reads them as they come
    (content_reader) — only the name of the last file met, to name one too long."""
    decompressor = zlib.decompressobj()
    view = memoryview(data)
    stretch = _Stretch()
    size, at, name, carry = 0, 0, "", b""
    pending: bytes | memoryview = b""
    try:
        while not decompressor.eof:
            if not pending:
                if at >= len(view):
                    break  # the input ended before the content did
                pending, at = view[at:at + _INPUT], at + _INPUT
            piece = decompressor.decompress(pending, _PIECE)
            pending = decompressor.unconsumed_tail
            if not stretch.fits(piece):
                raise _too_long(name)
            if any(key in piece or key in carry + piece[:1200] for key in _NAME_KEYS):
                name = _named_file(carry + piece) or name
            carry = piece[-1200:]
            size += len(piece)
            if size > MAX_PAYLOAD:
                raise PackageRefused("too-large", f"数据包的内容解压后超过 {MAX_PAYLOAD // 1024 // 1024} MB（附件过多或过大，"
                                                  "或文件被改动过），本机无法安全接收。已拒收，没有写入任何内容。")
            if piece:
                yield piece
    except zlib.error as exc:
        raise PackageRefused("damaged", "数据包内容无法解压，文件已损坏") from exc
    if not decompressor.eof:
        raise PackageRefused("damaged", "数据包内容不完整，已拒收")


def _decompress(data: bytes | bytearray) -> bytearray:
    """The content whole (`_pieces`), in one growing buffer (a set-up file; a test's)."""
    out = bytearray()
    for piece in _pieces(data):
        out += piece
    return out


def over_limit(content: bytes | bytearray) -> tuple[str, str] | None:
    """What a receiver's decompression (`_decompress`) would refuse this content for, measured the same
    way, piece by piece, before anything is sealed: ("value", the file's name) for a value longer than
    MAX_TEXT, ("size", "") past MAX_PAYLOAD; None when it passes. The sender never writes a package the
    receiver refuses for its size (packages.export_package; TR-3)."""
    stretch = _Stretch()
    for at in range(0, len(content), _PIECE):
        piece = content[at:at + _PIECE]
        if not stretch.fits(piece):
            return "value", _named_file(content, at)
        if at + len(piece) > MAX_PAYLOAD:
            return "size", ""
    return None


@dataclass(frozen=True)
class Parsed:
    """The parts of a file; `body` and `signed` are views into the file's bytes, not copies (a package
    of hundreds of MB is held once in memory, not three times: trial R, TR-3)."""

    magic: bytes
    header: dict[str, Any]
    header_bytes: bytes
    body: memoryview
    signed: memoryview
    signature: bytes

    @functools.cached_property
    def digest(self) -> str:
        digest = hashlib.sha256(self.signed)
        digest.update(self.signature)
        return digest.hexdigest()

    def release(self) -> None:
        """Let go of the file's bytes once its content is out (the digest stays known): the merge that
        follows holds the content, not the file besides."""
        _ = self.digest
        self.body.release()
        self.signed.release()


def read_file(path: Path) -> bytes:
    """A package's or set-up file's bytes for `parse`: of a file that does not start as one, only its
    first bytes; of one that does, no more than one byte past MAX_FILE (parse refuses it). A video or
    a disk image picked by mistake is never read whole into memory."""
    with open(path, "rb") as handle:
        head = handle.read(max(len(PACKAGE_MAGIC), len(SETUP_MAGIC)))
        if not head.startswith((PACKAGE_MAGIC, SETUP_MAGIC)):
            return head
        handle.seek(0)
        return handle.read(MAX_FILE + 1)  # (read at once: not the head and the rest joined, held twice)


def parse(data: bytes, magic: bytes) -> Parsed:
    """Split a file into its parts; anything malformed is refused as damaged or as not a package."""
    what = "数据包" if magic == PACKAGE_MAGIC else "设置文件"
    if len(data) > MAX_FILE:
        raise PackageRefused("damaged", f"文件过大，不是 BranchDesk {what}。已拒收，没有写入任何内容。")
    if not data.startswith(magic):
        other = SETUP_MAGIC if magic == PACKAGE_MAGIC else PACKAGE_MAGIC
        if data.startswith(other):
            hint = "这是支部站点设置文件，请用“加入”打开" if magic == PACKAGE_MAGIC else "这是数据包，请用“接收”打开"
            raise PackageRefused("wrong-kind", hint)
        raise PackageRefused("not-a-package", f"这个文件不是 BranchDesk {what}")
    view = memoryview(data)
    try:
        at = len(magic)
        (header_size,) = struct.unpack_from(">I", data, at)
        at += 4
        header_bytes = data[at:at + header_size]
        at += header_size
        (body_size,) = struct.unpack_from(">Q", data, at)
        at += 8
        body = view[at:at + body_size]
        at += body_size
        signature = data[at:]
        if len(header_bytes) != header_size or len(body) != body_size or len(signature) != SIGNATURE_SIZE:
            raise ValueError("lengths")
        header = json.loads(header_bytes.decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("header")
    except (struct.error, ValueError, UnicodeDecodeError) as exc:
        raise PackageRefused("damaged", f"{what}已损坏或不完整（可能复制时中断，或内容被改动），已拒收") from exc
    formats = (FORMAT, PART_FORMAT) if magic == PACKAGE_MAGIC else (FORMAT,)
    if header.get("format") not in formats:
        raise PackageRefused("format", f"{what}由不同版本的 BranchDesk 写出（格式 {header.get('format')}），请两边使用相同版本")
    return Parsed(magic, header, header_bytes, body, view[:at], signature)


def verify(parsed: Parsed, sign_public: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(parsed.signature, parsed.signed)
    except (InvalidSignature, ValueError) as exc:
        raise PackageRefused("signature", "签名核对不通过：文件在写出后被改动过，或不是由该站点的密钥签发的。已拒收，没有写入任何内容。") from exc


# ------------------------------------------------------------------ packages


@dataclass
class Packed:
    """A package's content, compressed as it was built piece by piece (`pack`): its size before
    compression and what the receiver's measure (`over_limit`) says of it, taken on the way."""

    compressed: bytearray
    size: int
    over: tuple[str, str] | None

    @classmethod
    def of(cls, content: bytes | bytearray) -> Packed:
        return pack([content])

    def content(self) -> bytes:
        """The content again (for a test or a tool: a package is written without it)."""
        return zlib.decompress(self.compressed)


class _Measure:
    """`over_limit`, taken piece by piece as the content is built (pieces of any length)."""

    def __init__(self) -> None:
        self.stretch = _Stretch()
        self.size = 0  # the whole content's, measured or not
        self.over: tuple[str, str] | None = None

    def feed(self, piece: bytes | bytearray) -> None:
        start, self.size = self.size, self.size + len(piece)
        if self.over is not None:
            return
        for at in range(0, len(piece), _PIECE):
            part = piece[at:at + _PIECE]
            if not self.stretch.fits(part):
                self.over = "value", _named_file(piece, at)
                return
            if start + at + len(part) > MAX_PAYLOAD:
                self.over = "size", ""
                return


def pack(pieces: Iterable[bytes | bytearray]) -> Packed:
    """Compress a package's content given in pieces (each let go once compressed: the content is
    never held whole — a 上报 of photos reads each file only for its piece: package_size.Plan), and
    measure it as the receiver will."""
    compressor = zlib.compressobj(6)
    measure = _Measure()
    out = bytearray()
    for piece in pieces:
        measure.feed(piece)
        out += compressor.compress(piece)
        del piece
    out += compressor.flush()
    return Packed(out, measure.size, measure.over)


@dataclass
class Sealed:
    """A sealed package: what is signed (magic, header, body) and the signature, written one after
    the other (`write`) — not joined into a copy of hundreds of MB."""

    signed: bytearray
    signature: bytes

    def __len__(self) -> int:
        return len(self.signed) + len(self.signature)

    def write(self, out: BinaryIO) -> None:
        out.write(self.signed)
        out.write(self.signature)


def seal_packed(header: dict[str, Any], packed: Packed, keys: KeyPair, recipient_box_public: bytes) -> Sealed:
    """Encrypt and sign a packed content. The compressed content goes once encrypted (`packed` is left
    empty): at its peak a package is held twice — compressed and encrypted, then encrypted and framed."""
    header = {**header, "format": PART_FORMAT if "part" in header else FORMAT}
    header_bytes = _canonical(header)
    body = _SUITE.encrypt(packed.compressed, X25519PublicKey.from_public_bytes(recipient_box_public),
                          info=_INFO + header_bytes)
    packed.compressed = bytearray()
    signed = bytearray(PACKAGE_MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
                       + struct.pack(">Q", len(body)))
    signed += body
    del body
    return Sealed(signed, Ed25519PrivateKey.from_private_bytes(keys.sign_private).sign(signed))


def seal_package(header: dict[str, Any], payload: bytes | bytearray, keys: KeyPair, recipient_box_public: bytes) -> bytes:
    """A package's bytes for a content given whole (a test's or a tool's; export_package seals with
    `pack` and `seal_packed`, and writes `Sealed` as it is)."""
    sealed = seal_packed(header, Packed.of(payload), keys, recipient_box_public)
    return bytes(sealed.signed) + sealed.signature


def _decrypt(parsed: Parsed, box_private: bytes) -> bytes:
    try:
        return _SUITE.decrypt(parsed.body, X25519PrivateKey.from_private_bytes(box_private),
                              info=_INFO + parsed.header_bytes)
    except (InvalidTag, ValueError) as exc:
        raise PackageRefused("decrypt", "数据包无法解密：它不是写给本站点的，或已损坏。已拒收。") from exc


def open_package(parsed: Parsed, box_private: bytes) -> bytearray:
    """The payload of a package already verified with `verify`, whole (a test's or a tool's: 接收 reads
    it with `open_package_content`)."""
    return _decompress(_decrypt(parsed, box_private))


def open_package_content(parsed: Parsed, box_private: bytes) -> dict[str, Any]:
    """The content of a package already verified with `verify`, read as it is decompressed: the file's
    bytes go (`parsed.release`: the caller holds no other reference) once the compressed content is
    out, and the content is read record by record, never held whole (content_reader). At its peak a
    package is held as its compressed content and its records (NOTE11, bounded memory). Raises
    ValueError for a content that is not JSON."""
    compressed = _decrypt(parsed, box_private)
    parsed.release()
    reader = ContentReader()
    for piece in _pieces(compressed):
        reader.feed(piece)
    del compressed
    return reader.finish()


# ------------------------------------------------------------------ set-up files


def new_setup_code() -> str:
    number = secrets.randbelow(10**CODE_DIGITS)
    text = f"{number:0{CODE_DIGITS}d}"
    return "-".join(text[i:i + 4] for i in range(0, CODE_DIGITS, 4))


def _code_key(code: str, salt: bytes, memory: int, iterations: int, lanes: int) -> bytes:
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) != CODE_DIGITS:
        raise PackageRefused("code", f"设置码应为 {CODE_DIGITS} 位数字（可带横线或空格），请核对后重新输入")
    kdf = Argon2id(salt=salt, length=32, iterations=iterations, lanes=lanes, memory_cost=memory)
    return kdf.derive(digits.encode("ascii"))


def seal_setup(header: dict[str, Any], payload: bytes, keys: KeyPair, code: str) -> bytes:
    salt = os.urandom(16)
    header = {**header, "format": FORMAT, "kdf": {"name": "argon2id", "memory_kib": cipher.MEMORY_KIB,
                                                  "iterations": cipher.ITERATIONS, "lanes": cipher.LANES,
                                                  "salt": b64(salt)}}
    header_bytes = _canonical(header)
    key = _code_key(code, salt, cipher.MEMORY_KIB, cipher.ITERATIONS, cipher.LANES)
    nonce = os.urandom(12)
    body = nonce + AESGCM(key).encrypt(nonce, _compress(payload), _SETUP_AAD + header_bytes)
    signed = _frame(SETUP_MAGIC, header_bytes, body)
    return signed + Ed25519PrivateKey.from_private_bytes(keys.sign_private).sign(signed)


def open_setup(parsed: Parsed, code: str) -> bytearray:
    kdf = parsed.header.get("kdf") or {}
    try:
        salt = unb64(kdf["salt"], "参数")
        memory, iterations, lanes = int(kdf["memory_kib"]), int(kdf["iterations"]), int(kdf["lanes"])
    except (KeyError, TypeError, ValueError) as exc:
        raise PackageRefused("damaged", "设置文件已损坏（缺少参数）") from exc
    if not (8 <= memory <= 4 * 1024 * 1024 and 1 <= iterations <= 64 and 1 <= lanes <= 64):
        raise PackageRefused("damaged", "设置文件的参数不合理，已拒收")
    key = _code_key(code, salt, memory, iterations, lanes)
    body = parsed.body
    try:
        compressed = AESGCM(key).decrypt(body[:12], body[12:], _SETUP_AAD + parsed.header_bytes)
    except (InvalidTag, ValueError) as exc:
        raise PackageRefused("code", "设置码不对，或设置文件已损坏。请向党委核对设置码。") from exc
    return _decompress(compressed)
