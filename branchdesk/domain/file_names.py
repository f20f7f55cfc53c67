"""The name an attached file is kept and saved under: a bare file name, never a path (trial R, TR-1).

A name arrives from a file picked in the window, from a 数据包 (written by another PC — or by anyone
holding a branch's keys), or from an import. Kept as it came, "../../x.txt", "/home/x/.bashrc" or
"C:\\Users\\…\\Startup\\x.bat" writes outside the folder the user chose when 另存 joins it to that folder.
So every such name is reduced to one file name when it is stored or merged, and again when it is
saved (an older version may have stored one as it came):

- only the last part of a path counts ("/" and "\\" both separate; a drive "C:" goes with the rest);
- characters no file system takes in a name (< > : " | ? *), control characters and the invisible
  direction marks (that make "txt.exe" read as "exe.txt") become "_" or are dropped;
- "." and ".." are no names; leading dots (a hidden file) and the spaces and dots Windows drops at the
  end go;
- Windows' reserved device names (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with any extension) get a "_"
  in front, so the file can be written and opened;
- a name too long for a file system (255 bytes) is shortened in its stem, its extension kept.

Chinese characters, full-width punctuation and spaces inside the name stay as they are.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_BYTES = 240  # below the 255 bytes ext4 and NTFS allow, room for "（2）" added on saving
_FORBIDDEN = re.compile(r'[<>:"|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|conin\$|conout\$|clock\$|com[0-9¹²³]|lpt[0-9¹²³])$", re.IGNORECASE)


def safe_file_name(name: str, fallback: str = "") -> str:
    """`name` reduced to a bare file name that writes inside any folder it is joined to; `fallback`
    (itself made safe) when nothing of it is left."""
    text = "".join(_kept(ch) for ch in str(name or ""))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = _FORBIDDEN.sub("_", text).strip(" ").lstrip(".").rstrip(" .")
    if not text:
        return safe_file_name(fallback) if fallback else ""
    if _RESERVED.match(text.partition(".")[0].rstrip(" ")):
        text = "_" + text
    return _shortened(text)


def _kept(ch: str) -> str:
    """A character as it goes into a name: control characters (tabs, line breaks …) and format marks
    (direction overrides, zero-width characters) are left out."""
    return "" if unicodedata.category(ch) in ("Cc", "Cf") else ch


def _shortened(text: str) -> str:
    if len(text.encode("utf-8")) <= MAX_NAME_BYTES:
        return text
    stem, dot, suffix = text.rpartition(".")
    if not dot or not stem or len(suffix.encode("utf-8")) > 20:
        stem, dot, suffix = text, "", ""
    room = MAX_NAME_BYTES - len((dot + suffix).encode("utf-8"))
    kept = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip(" .")
    return kept + dot + suffix
