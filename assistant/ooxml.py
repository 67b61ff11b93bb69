"""Bounded, safe reading of Office Open XML archives (.pptx, .docx, templates) before any Office library sees them.

The sizes an archive declares are not trusted: every member is inflated here, in chunks, through a byte budget
(per member, per archive, tighter for the XML parts an Office library parses whole) and a compression-ratio
limit, so a small file that would inflate to gigabytes is refused after at most a budget's worth of work. A
member whose real size or checksum differs from what it declares is refused too, so the library that reads
the validated bytes afterwards inflates exactly what was measured here.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import LoaderError

MAX_FILE_BYTES = 200 * 1024 * 1024  # the archive itself, on disk
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_MEMBER = 200 * 1024 * 1024  # any member once inflated (media included)
MAX_ZIP_TOTAL = 500 * 1024 * 1024  # all members once inflated
MAX_XML_MEMBER = 16 * 1024 * 1024  # one part parsed as XML (lxml needs ~20x its size in memory)
MAX_XML_TOTAL = 32 * 1024 * 1024  # every part parsed as XML (python-pptx/-docx parse them all on opening)
MAX_RATIO = 200  # inflated / compressed, checked once a member passes RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_CONTENT_TYPES = 1024 * 1024
_CHUNK = 256 * 1024
_STORED, _DEFLATED = 0, 8
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class _Budget:
    total: int = 0
    xml: int = 0


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} Mo"


def read_raw(path_or_bytes: Path | bytes, name: str) -> bytes:
    """The bytes of an archive given as a path or as bytes; LoaderError for a folder, a missing or huge file."""
    if not isinstance(path_or_bytes, Path):
        return bytes(path_or_bytes)
    path = path_or_bytes
    if path.is_dir():
        raise LoaderError(f"{name} : c'est un dossier, pas un fichier ; donnez le chemin d'un fichier.")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoaderError(f"{name} : fichier trop volumineux ({_mib(size)}, au plus {_mib(MAX_FILE_BYTES)}) ; fichier refusé.")
        return path.read_bytes()
    except OSError as exc:
        raise LoaderError(f"{name} : fichier illisible ({exc.strerror or type(exc).__name__}).") from exc


def _declared_entries(raw: bytes) -> int | None:
    """The number of members the end-of-central-directory record announces (None when it cannot be read)."""
    at = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 22 - 65535))
    if at < 0 or at + 22 > len(raw):
        return None
    count = struct.unpack("<H", raw[at + 10:at + 12])[0]
    if count != 0xFFFF:
        return count
    loc = at - 20  # zip64: the locator sits right before the classic record and points at the zip64 record
    if loc < 0 or raw[loc:loc + 4] != b"PK\x06\x07":
        return None
    rec = struct.unpack("<Q", raw[loc + 8:loc + 16])[0]
    if raw[rec:rec + 4] != b"PK\x06\x06":
        return None
    return struct.unpack("<Q", raw[rec + 32:rec + 40])[0]


def _xml_parts(content_types: bytes) -> tuple[set[str], set[str]]:
    """(extensions, part names) that [Content_Types].xml maps to an XML content type (both lower case)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.fromstring(content_types, parser)
    exts, parts = set(), set()
    for el in root:
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        ctype = (el.get("ContentType") or "").lower().split(";")[0].strip()
        if not (ctype.endswith("+xml") or ctype.endswith("/xml")):
            continue
        if tag == "Default" and el.get("Extension"):
            exts.add(el.get("Extension").lower())
        elif tag == "Override" and el.get("PartName"):
            parts.add(el.get("PartName").lower().lstrip("/"))
    return exts, parts


def _inflate(raw: bytes, info: zipfile.ZipInfo, name: str, is_xml: bool, budget: _Budget, keep: bool) -> bytes:
    """Inflate one member through the budgets; its bytes when `keep`, else b"". LoaderError when over a limit."""
    member = info.filename
    off = info.header_offset
    head = raw[off:off + 30]
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"en-tête local absent pour {member}")
    n, m = struct.unpack("<HH", head[26:30])
    start = off + 30 + n + m
    data = memoryview(raw)[start:start + info.compress_size]
    if len(data) < info.compress_size:
        raise zipfile.BadZipFile(f"{member} tronqué")
    limit = MAX_XML_MEMBER if is_xml else MAX_ZIP_MEMBER
    kept: list[bytes] = []
    produced, crc = 0, 0

    def take(chunk: bytes) -> None:
        nonlocal produced, crc
        produced += len(chunk)
        budget.total += len(chunk)
        if is_xml:
            budget.xml += len(chunk)
        crc = zlib.crc32(chunk, crc)
        if produced > limit:
            what = "partie XML" if is_xml else "élément"
            raise LoaderError(f"{name} : une {what} de l'archive est démesurée une fois décompressée ({member} : plus de "
                              f"{_mib(limit)}) ; fichier refusé. Allégez le fichier ou scindez-le.")
        if produced > RATIO_FLOOR and produced > MAX_RATIO * max(info.compress_size, 1):
            raise LoaderError(f"{name} : élément démesuré une fois décompressé ({member} : taux de compression anormal, "
                              f"plus de {MAX_RATIO} pour 1), archive piégée ; fichier refusé.")
        if budget.total > MAX_ZIP_TOTAL:
            raise LoaderError(f"{name} : archive démesurée une fois décompressée (plus de {_mib(MAX_ZIP_TOTAL)}) ; fichier refusé.")
        if budget.xml > MAX_XML_TOTAL:
            raise LoaderError(f"{name} : archive démesurée une fois décompressée (plus de {_mib(MAX_XML_TOTAL)} de XML) ; "
                              "fichier refusé. Allégez le fichier ou scindez-le.")
        if keep:
            kept.append(chunk)

    if info.compress_type == _STORED:
        for i in range(0, len(data), _CHUNK):
            take(bytes(data[i:i + _CHUNK]))
    else:
        d = zlib.decompressobj(-15)
        for i in range(0, len(data), _CHUNK):
            buf = data[i:i + _CHUNK]
            while buf:
                take(d.decompress(buf, _CHUNK))
                buf = d.unconsumed_tail
                if d.eof:
                    break
            if d.eof:
                break
        if not d.eof:
            raise zipfile.BadZipFile(f"{member} : flux compressé tronqué")
    if produced != info.file_size:
        raise zipfile.BadZipFile(f"{member} : taille déclarée {info.file_size} octets, réelle {produced}")
    if crc != info.CRC:
        raise zipfile.BadZipFile(f"{member} : somme de contrôle (CRC) fausse")
    return b"".join(kept)


def check_zip(path_or_bytes: Path | bytes, name: str, kind: str = "pptx") -> bytes:
    """The archive's bytes once checked: a sane OOXML zip, not encrypted, without macros, and not a bomb.

    Every member is inflated through the budgets before anything else reads it; LoaderError naming the file
    and what to do otherwise.
    """
    raw = read_raw(path_or_bytes, name)
    if raw[:8] == _OLE:
        raise LoaderError(f"{name} : fichier chiffré (protégé par mot de passe) ou ancien format binaire ; enregistrez-le en .{kind} sans mot de passe.")
    if raw[:4] == b"%PDF":
        raise LoaderError(f"{name} : c'est un PDF renommé, pas un fichier .{kind}.")
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise LoaderError(f"{name} : ce n'est pas un fichier .{kind} valide (archive illisible ou tronquée).")
    declared = _declared_entries(raw)
    if declared is not None and declared > MAX_ZIP_ENTRIES:
        raise LoaderError(f"{name} : archive démesurée ({declared} éléments, au plus {MAX_ZIP_ENTRIES}) ; fichier refusé.")
    macro = (f"{name} : présentation avec macros (.pptm) refusée ; enregistrez-la en .pptx sans macros." if kind == "pptx"
             else f"{name} : document avec macros (.{kind[:-1]}m) refusé ; enregistrez-le en .{kind} sans macros.")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            infos = z.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise LoaderError(f"{name} : archive démesurée ({len(infos)} éléments, au plus {MAX_ZIP_ENTRIES}) ; fichier refusé.")
        for i in infos:
            if i.flag_bits & 0x1:
                raise LoaderError(f"{name} : archive chiffrée, illisible.")
            if i.compress_type not in (_STORED, _DEFLATED):
                raise LoaderError(f"{name} : méthode de compression non standard pour un fichier .{kind} ({i.filename}) ; "
                                  f"réenregistrez-le depuis PowerPoint, Word ou LibreOffice.")
            if Path(i.filename).name.lower().startswith("vbaproject"):
                raise LoaderError(macro)
        cts = [i for i in infos if i.filename == "[Content_Types].xml"]
        if not cts:
            raise LoaderError(f"{name} : ce n'est pas un document Office (.{kind}).")
        budget = _Budget()
        ct_raw = b""
        for i in cts:  # read first, with its own small budget: it says which parts are XML
            if i.file_size > MAX_CONTENT_TYPES:
                raise LoaderError(f"{name} : archive démesurée ([Content_Types].xml trop grand) ; fichier refusé.")
            ct_raw = _inflate(raw, i, name, True, budget, keep=True)
        try:
            xml_exts, xml_parts = _xml_parts(ct_raw)
        except Exception as exc:  # lxml syntax errors and the like
            raise LoaderError(f"{name} : archive .{kind} corrompue, illisible ([Content_Types].xml : {exc}).") from exc
        for i in infos:
            if i in cts:
                continue
            low = i.filename.lower()
            is_xml = (low.endswith((".xml", ".rels")) or low.rsplit(".", 1)[-1] in xml_exts or low in xml_parts)
            _inflate(raw, i, name, is_xml, budget, keep=False)
    except LoaderError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, struct.error) as exc:
        raise LoaderError(f"{name} : archive .{kind} corrompue, illisible ({exc}).") from exc
    ct = ct_raw.decode("utf-8", "replace")
    if "vbaProject" in ct or "macroEnabled" in ct:
        raise LoaderError(macro)
    if kind == "pptx" and "presentationml" not in ct:
        raise LoaderError(f"{name} : ce n'est pas une présentation PowerPoint.")
    if kind == "docx" and "wordprocessingml" not in ct:
        raise LoaderError(f"{name} : ce n'est pas un document Word.")
    return raw
