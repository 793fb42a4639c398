# cython: language_level=3, boundscheck=False, wraparound=False
"""C walks over lxml trees: the per-node loops of extraction, without a Python object per node; and the
byte and character loops of the crawl (the legacy-encoding pre-checks, ``pipelines.normalize``'s text tidying,
the simhash of ``pipelines.dedup``).

Each function returns exactly what the Python code it replaces returns (named in its docstring; that code
stays the reference and the fallback, see ``crawler/extract/accel.py``). The walks only read libxml2's node
structs (stable public layout) and make Python elements through lxml's public C API; ``LXML_BUILT_FOR``
lets the loader refuse this module under another lxml than the one it was compiled against.
"""
from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport xmlAttr, xmlNode


cdef extern from "Python.h":
    int PyUnicode_4BYTE_KIND
    object PyUnicode_FromKindAndData(int kind, const void* buffer, Py_ssize_t size)
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch)
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)
    bint PyUnicode_IS_ASCII(object o)
    const void* PyUnicode_DATA(object o)
    const char* PyUnicode_AsUTF8AndSize(object s, Py_ssize_t* size) except NULL


cdef extern from "string.h" nogil:
    void* memmem(const void* haystack, size_t haystacklen, const void* needle, size_t needlelen)


cetree.import_lxml__etree()

LXML_BUILT_FOR = (<bytes>cetree.LXML_VERSION_STRING).decode()


cdef inline bint _ascii_ws(unsigned char c) noexcept:
    return c == 32 or c == 9 or c == 10 or c == 13


cdef inline Py_ssize_t _py_space(const unsigned char* p, Py_ssize_t left) noexcept:
    """Byte length of the character at ``p`` when Python's ``str.split()`` splits on it, else 0."""
    cdef unsigned char c = p[0]
    if c < 0x80:
        return 1 if (9 <= c <= 13 or 28 <= c <= 32) else 0
    if c == 0xC2 and left >= 2:
        return 2 if p[1] == 0x85 or p[1] == 0xA0 else 0
    if left < 3:
        return 0
    if c == 0xE1:
        return 3 if p[1] == 0x9A and p[2] == 0x80 else 0  # U+1680
    if c == 0xE2:
        if p[1] == 0x80:  # U+2000-200A, U+2028, U+2029, U+202F
            return 3 if (0x80 <= p[2] <= 0x8A or p[2] == 0xA8 or p[2] == 0xA9 or p[2] == 0xAF) else 0
        return 3 if p[1] == 0x81 and p[2] == 0x9F else 0  # U+205F
    if c == 0xE3:
        return 3 if p[1] == 0x80 and p[2] == 0x80 else 0  # U+3000
    return 0


cdef inline bint _textlike(xmlNode* n) noexcept:
    return n is not NULL and (n.type == tree.XML_TEXT_NODE or n.type == tree.XML_CDATA_SECTION_NODE)


cdef inline bint _elementlike(xmlNode* n) noexcept:
    """What lxml makes an element object of (element, comment, PI, entity reference)."""
    return n.type == tree.XML_ELEMENT_NODE or n.type == tree.XML_COMMENT_NODE or \
        n.type == tree.XML_PI_NODE or n.type == tree.XML_ENTITY_REF_NODE


cdef inline xmlNode* _next_node(xmlNode* top, xmlNode* n) noexcept:
    """The node after ``n`` in document order inside ``top`` (descending into elements only), or NULL."""
    if n.type == tree.XML_ELEMENT_NODE and n.children is not NULL:
        return n.children
    while n is not top:
        if n.next is not NULL:
            return n.next
        n = n.parent
        if n is NULL:
            return NULL
    return NULL


cdef bytes _attr_value(xmlAttr* a):
    cdef xmlNode* c = a.children
    if c is NULL:
        return b""
    if c.next is NULL:
        return <bytes>c.content if c.content is not NULL else b""
    parts = []
    while c is not NULL:
        if c.content is not NULL:
            parts.append(<bytes>c.content)
        c = c.next
    return b"".join(parts)


cdef object _run_text(xmlNode* n, bint skip_blank):
    """lxml's ``.text``/``.tail`` read from the text node ``n`` on (a run of text/CDATA nodes); None when ``n``
    is no text node, or when ``skip_blank`` and the run holds only ASCII whitespace."""
    cdef xmlNode* c
    cdef const unsigned char* p
    if not _textlike(n):
        return None
    if skip_blank:
        c = n
        while _textlike(c):
            p = c.content
            if p is not NULL:
                while p[0] != 0 and _ascii_ws(p[0]):
                    p += 1
                if p[0] != 0:
                    break
            c = c.next
        if not _textlike(c):
            return None
    if not _textlike(n.next):
        return PyUnicode_DecodeUTF8(<char*>n.content, strlen(<char*>n.content), NULL) if n.content is not NULL else ""
    parts = []
    c = n
    while _textlike(c):
        if c.content is not NULL:
            parts.append(<bytes>c.content)
        c = c.next
    return b"".join(parts).decode("utf-8")


cdef enum:
    NAME_FILTER_BITS = 8192  # a C constant: a module global would make each use a Python operation


cdef inline unsigned int _name_bit(const unsigned char* p, Py_ssize_t n) noexcept:
    """FNV-1a of ``p[:n]``, folded to a bit of a ``name_filter``."""
    cdef unsigned int h = 2166136261u
    cdef Py_ssize_t k
    for k in range(n):
        h = (h ^ p[k]) * 16777619u
    return h & (NAME_FILTER_BITS - 1)


cdef inline bint _maybe(const unsigned char* bits, const unsigned char* p, Py_ssize_t n) noexcept:
    cdef unsigned int b = _name_bit(p, n)
    return (bits[b >> 3] >> (b & 7)) & 1


def name_filter(names) -> bytes:
    """A bitmap with one bit set per name (UTF-8 bytes) for ``index_hits``: a page's tag, attribute name, class
    token or id whose bit is clear is wanted by nobody, and costs no Python object to find that out."""
    cdef bytearray bits = bytearray(NAME_FILTER_BITS // 8)
    cdef unsigned int b
    for name in names:
        b = _name_bit(<const unsigned char*><bytes>name, len(name))
        bits[b >> 3] |= 1 << (b & 7)
    return bytes(bits)


def index_hits(cetree._Element root, classes, ids, attrs, tags, bytes wanted) -> dict:
    """``SelectorSet.index``'s hits: (kind, name) -> elements in document order, for the class tokens, ids,
    attribute names and tags given (sets of UTF-8 bytes; ``wanted``: their ``name_filter``). Class values
    split as ``str.split()`` does."""
    cdef xmlNode* top = root._c_node
    cdef xmlNode* n = top
    cdef xmlNode* c
    cdef xmlAttr* a
    cdef const unsigned char* v
    cdef const unsigned char* bits = wanted
    cdef Py_ssize_t i, j, ln, w
    cdef dict hits = {}
    cdef list lst
    cdef bytes val, tok
    cdef bint want_classes = bool(classes), want_ids = bool(ids), want_attrs = bool(attrs), want_tags = bool(tags)
    doc = root._doc
    for name in attrs:
        hits[("attr", name.decode())] = []
    while n is not NULL:
        if n.type == tree.XML_ELEMENT_NODE:
            el = None
            if want_tags and _maybe(bits, n.name, strlen(<const char*>n.name)) and <bytes>n.name in tags:
                el = cetree.elementFactory(doc, n)
                hits.setdefault(("tag", (<bytes>n.name).decode()), []).append(el)
            a = n.properties
            while a is not NULL:
                if want_classes and strcmp(<const char*>a.name, "class") == 0:
                    c = a.children
                    if c is not NULL and c.next is NULL and c.content is not NULL:  # one text node: read in place
                        v = c.content
                        ln = strlen(<const char*>v)
                    else:
                        val = _attr_value(a)
                        v = <const unsigned char*>val
                        ln = len(val)
                    i = 0
                    while i < ln:
                        w = _py_space(v + i, ln - i)
                        if w:
                            i += w
                            continue
                        j = i
                        while j < ln and not _py_space(v + j, ln - j):
                            j += 1
                        if _maybe(bits, v + i, j - i):
                            tok = PyBytes_FromStringAndSize(<char*>v + i, j - i)
                            if tok in classes:
                                if el is None:
                                    el = cetree.elementFactory(doc, n)
                                lst = hits.setdefault(("class", tok.decode()), [])
                                if not lst or lst[len(lst) - 1] is not el:
                                    lst.append(el)
                        i = j
                elif want_ids and strcmp(<const char*>a.name, "id") == 0:
                    c = a.children
                    if c is NULL or c.next is not NULL or c.content is NULL \
                            or _maybe(bits, c.content, strlen(<const char*>c.content)):
                        val = _attr_value(a)
                        if val in ids:
                            if el is None:
                                el = cetree.elementFactory(doc, n)
                            hits.setdefault(("id", val.decode()), []).append(el)
                if want_attrs and _maybe(bits, a.name, strlen(<const char*>a.name)) and <bytes>a.name in attrs:
                    if el is None:
                        el = cetree.elementFactory(doc, n)
                    hits[("attr", (<bytes>a.name).decode())].append(el)
                a = a.next
        n = _next_node(top, n)
    return hits


def texts_matching(cetree._Element top_el, search) -> list:
    """``(element, text, is_tail)`` for each text inside ``top_el`` for which ``search(text)`` is true, in
    document order, as ``iter()`` with ``.text``/``.tail`` gives them: element texts (script/style left
    out; comments and PIs hold none) and the tails of the nodes inside (not ``top_el``'s own). Texts of ASCII
    whitespace only are never passed to ``search``."""
    cdef xmlNode* top = top_el._c_node
    cdef xmlNode* n = top
    cdef xmlNode* prev
    cdef list out = []
    doc = top_el._doc
    while n is not NULL:
        if n.type == tree.XML_ELEMENT_NODE:
            if _textlike(n.children) and strcmp(<const char*>n.name, "script") != 0 \
                    and strcmp(<const char*>n.name, "style") != 0:
                t = _run_text(n.children, True)
                if t is not None and search(t):
                    out.append((cetree.elementFactory(doc, n), t, False))
        elif _textlike(n):
            prev = n.prev
            if prev is not NULL and _elementlike(prev):  # a run right after a node inside: that node's tail
                t = _run_text(n, True)
                if t is not None and search(t):
                    out.append((cetree.elementFactory(doc, prev), t, True))
        n = _next_node(top, n)
    return out


cdef int _gather(xmlNode* n, list parts, int depth, frozenset skip_tags, frozenset block_tags) except -1:
    cdef xmlNode* c
    cdef bytes tag
    if depth > 200:
        return 0
    if n.type == tree.XML_ELEMENT_NODE:
        tag = <bytes>n.name
        if tag not in skip_tags:
            if strcmp(<const char*>n.name, "br") == 0:
                parts.append(" ")
            t = _run_text(n.children, False)
            if t:
                parts.append(t)
            c = n.children
            while c is not NULL:
                if _elementlike(c):
                    _gather(c, parts, depth + 1, skip_tags, block_tags)
                c = c.next
            if tag in block_tags:
                parts.append(" ")
    if (depth or n.type != tree.XML_ELEMENT_NODE) and _textlike(n.next):  # a comment's tail counts even at depth 0
        t = _run_text(n.next, False)
        if t:
            parts.append(t)
    return 0


def visible_text(cetree._Element el, frozenset skip_tags, frozenset block_tags) -> str:
    """``text._gather``'s text of ``el`` before collapsing (tags as UTF-8 bytes): texts and tails in document
    order, a space for ``<br>`` and after block elements, ``skip_tags`` subtrees left out."""
    parts = []
    _gather(el._c_node, parts, 0, skip_tags, block_tags)
    return "".join(parts)


def joined_text(cetree._Element el, str sep) -> str:
    """``sep.join(el.itertext())``: every text and tail inside ``el`` in document order (script text
    included, comment and PI contents left out, ``el``'s own tail left out)."""
    cdef xmlNode* top = el._c_node
    cdef xmlNode* n = top
    parts = []
    while n is not NULL:
        if _textlike(n) and not _textlike(n.prev):
            parts.append(_run_text(n, False))
        n = _next_node(top, n)
    return sep.join(parts)


cdef class _Paragraphs:
    """State of one ``paragraphs`` walk (see ``text.paragraphs``, the reference)."""
    cdef object doc, skip, skip_pred, collapse
    cdef frozenset skip_tags, block_tags
    cdef list out, buf, stack

    cdef flush(self):
        if not self.buf:
            return
        t = self.collapse("".join(self.buf))
        self.buf.clear()
        if t:
            self.out.append((self.stack[len(self.stack) - 1], t))

    cdef int walk(self, xmlNode* n, int depth) except -1:
        cdef xmlNode* c
        cdef xmlNode* nxt
        cdef bytes tag
        if n.type != tree.XML_ELEMENT_NODE:  # comment, PI: only its tail
            t = _run_text(n.next, False)
            if t:
                self.buf.append(t)
            return 0
        tag = <bytes>n.name
        node = cetree.elementFactory(self.doc, n)
        dropped = tag in self.skip_tags or node in self.skip or (
            self.skip_pred is not None and self.skip_pred(node)) or depth > 150
        if not dropped:
            block = tag in self.block_tags
            if block:
                self.flush()
                self.stack.append(node)
            if tag == b"br":
                nxt = n.next
                while nxt is not NULL and not _elementlike(nxt):
                    nxt = nxt.next
                tail = _run_text(n.next, False)
                if not (tail or "").strip() and nxt is not NULL and nxt.type == tree.XML_ELEMENT_NODE \
                        and strcmp(<const char*>nxt.name, "br") == 0:
                    self.flush()
                else:
                    self.buf.append(" ")
            t = _run_text(n.children, False)
            if t:
                self.buf.append(t)
            c = n.children
            while c is not NULL:
                if _elementlike(c):
                    self.walk(c, depth + 1)
                c = c.next
            if block:
                self.flush()
                self.stack.pop()
            elif tag == b"td" or tag == b"th":
                self.buf.append(" ")
        if depth:
            t = _run_text(n.next, False)
            if t:
                self.buf.append(t)
        return 0


def paragraphs(cetree._Element el, skip, skip_pred, frozenset skip_tags, frozenset block_tags, collapse) -> list:
    """``text.paragraphs(el, skip, skip_pred)`` (tags as UTF-8 bytes, ``collapse`` its text function)."""
    cdef _Paragraphs p = _Paragraphs()
    p.doc, p.skip, p.skip_pred, p.collapse = el._doc, skip, skip_pred, collapse
    p.skip_tags, p.block_tags = skip_tags, block_tags
    p.out, p.buf, p.stack = [], [], [el]
    p.walk(el._c_node, 0)
    p.flush()
    return p.out


def present(const unsigned char[:] page, Py_ssize_t limit, needles) -> set:
    """The ``needles`` (bytes) found in ``page[:limit]``: ``{n for n in needles if n in page[:limit]}``, with
    libc's ``memmem`` (several times faster than ``bytes.__contains__`` on short needles)."""
    cdef Py_ssize_t size = min(limit, page.shape[0])
    cdef bytes nd
    found = set()
    if size <= 0:
        return {nd for nd in needles if not nd}
    for nd in needles:
        if memmem(&page[0], size, <const char*>nd, len(nd)) is not NULL:
            found.add(nd)
    return found


cdef Py_UCS4* _ucs4_buffer(Py_ssize_t n) except NULL:
    """A buffer of ``n`` code points for building a str (the caller frees it with ``PyMem_Free``)."""
    cdef Py_UCS4* buf = <Py_UCS4*>PyMem_Malloc(n * sizeof(Py_UCS4))
    if buf is NULL:
        raise MemoryError()
    return buf


def collapse_ws(str text) -> str:
    """``" ".join(text.split())``: whitespace runs to one space, none at the ends (``text`` itself when that
    changes nothing)."""
    cdef Py_ssize_t n = len(text), j = 0
    cdef Py_UCS4 ch
    cdef bint pending = False, changed = False
    cdef Py_UCS4* buf
    if n == 0:
        return text
    buf = _ucs4_buffer(n)
    try:
        for ch in text:
            if Py_UNICODE_ISSPACE(ch):
                if pending or j == 0 or ch != 32:
                    changed = True
                pending = True
            else:
                if pending and j:
                    buf[j] = 32
                    j += 1
                pending = False
                buf[j] = ch
                j += 1
        if pending:
            changed = True
        if not changed:
            return text
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, j)
    finally:
        PyMem_Free(buf)


cdef inline bint _blank(Py_UCS4 ch) noexcept nogil:
    """One of ``pipelines.normalize._WS``'s characters: space, tab, CR, FF, VT, NBSP, zero-width space."""
    return ch == 32 or ch == 9 or ch == 13 or ch == 12 or ch == 11 or ch == 0xA0 or ch == 0x200B


def tidy_lines(str text) -> str:
    """``pipelines.normalize.nfc`` after its NFC step: each run of ``_blank`` characters to one space, each line
    stripped (``str.strip``), the lines that are left joined by one newline, or by two where blank lines
    stood between them; no blank line at either end."""
    cdef Py_ssize_t n = len(text), m = 0, i, a, b, k = 0
    cdef Py_UCS4 ch
    cdef bint run = False, gap = False
    cdef Py_UCS4* buf
    cdef Py_UCS4* out
    if n == 0:
        return text
    buf = _ucs4_buffer(n)
    try:
        for ch in text:  # the runs of blanks
            if _blank(ch):
                if not run:
                    buf[m] = 32
                    m += 1
                run = True
            else:
                buf[m] = ch
                m += 1
                run = False
        out = buf  # the lines, written over the runs' output: never ahead of what they read
        i = 0
        while i <= m:
            a = i
            while i < m and buf[i] != 10:
                i += 1
            b = i  # the line is buf[a:b]
            i += 1
            while a < b and Py_UNICODE_ISSPACE(buf[a]):
                a += 1
            while b > a and Py_UNICODE_ISSPACE(buf[b - 1]):
                b -= 1
            if a == b:
                gap = k > 0
                continue
            if k:
                out[k] = 10
                k += 1
                if gap:
                    out[k] = 10
                    k += 1
            gap = False
            while a < b:
                out[k] = buf[a]
                k += 1
                a += 1
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, k)
    finally:
        PyMem_Free(buf)


from libc.stdint cimport uint64_t
from libc.string cimport memcpy, memset

cdef extern from "string.h" nogil:
    const void* memchr(const void* s, int c, size_t n)


def double_utf8(const unsigned char[:] page) -> bool:
    """Does ``page`` hold ``C3 A1 C2 BA`` or ``C3 A1 C2 BB`` (``legacy._DOUBLE_UTF8``: Vietnamese letters
    encoded to UTF-8 twice)? Found from the rare ``C2`` byte with ``memchr``: a regex or ``memmem`` starts from
    ``C3 A1`` ("á"), which a Vietnamese page holds hundreds of times."""
    cdef Py_ssize_t size = page.shape[0]
    cdef const unsigned char* start
    cdef const unsigned char* end
    cdef const unsigned char* hit
    if size < 4:
        return False
    start = &page[0]
    end = start + size
    hit = <const unsigned char*>memchr(start + 2, 0xC2, size - 3)
    while hit is not NULL:
        if (hit[1] == 0xBA or hit[1] == 0xBB) and hit[-1] == 0xA1 and hit[-2] == 0xC3:
            return True
        if hit + 3 > end:  # the last place a C2 can start is end - 2
            break
        hit = <const unsigned char*>memchr(hit + 1, 0xC2, end - 1 - (hit + 1))
    return False


cdef inline bint _legacy_font_at(const unsigned char* page, Py_ssize_t k, Py_ssize_t size) noexcept nogil:
    """Does one of ".Vn", ".VN", "VNI-", "VNI ", "Vni-", "vni-" have its "V"/"v" at ``page[k]``?"""
    cdef unsigned char b = page[k]
    if b == 0x56:  # "V"
        if k > 0 and page[k - 1] == 0x2E and k + 1 < size and (page[k + 1] == 0x6E or page[k + 1] == 0x4E):
            return True
        return k + 3 < size and ((page[k + 1] == 0x4E and page[k + 2] == 0x49
                                  and (page[k + 3] == 0x2D or page[k + 3] == 0x20))
                                 or (page[k + 1] == 0x6E and page[k + 2] == 0x69 and page[k + 3] == 0x2D))
    return b == 0x76 and k + 3 < size and page[k + 1] == 0x6E and page[k + 2] == 0x69 and page[k + 3] == 0x2D


def names_legacy_font(const unsigned char[:] page) -> bool:
    """``any(n in page for n in legacy._QUICK)`` (".Vn", ".VN", "VNI-", "VNI ", "Vni-", "vni-") in one pass. Each
    needle has a "V"/"v" followed by an "N"/"n", a pair Vietnamese text hardly has (its ~1,000 "v"s a page
    are followed by vowels): eight positions at a time are tested for the pair (byte | 0x20 == "v", next
    byte | 0x20 == "n") with the classic zero-byte trick, and only those looked at."""
    cdef Py_ssize_t size = page.shape[0], i = 0, j
    cdef const unsigned char* p
    cdef uint64_t w, w2, x
    if size < 3:
        return False
    p = &page[0]
    while i + 9 <= size:
        memcpy(&w, p + i, 8)
        memcpy(&w2, p + i + 1, 8)  # the byte after each of w's
        x = ((w | 0x2020202020202020ULL) ^ 0x7676767676767676ULL) | ((w2 | 0x2020202020202020ULL) ^ 0x6E6E6E6E6E6E6E6EULL)
        if (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL:  # a zero byte: a "vn" (maybe; checked)
            for j in range(i, i + 8):
                if p[j] | 0x20 == 0x76 and _legacy_font_at(p, j, size):
                    return True
        i += 8
    for j in range(i, size):
        if _legacy_font_at(p, j, size):
            return True
    return False

# ---------------------------------------------------------------- simhash (pipelines.dedup.simhash)
from libc.stdint cimport uint8_t, uint64_t

cdef uint64_t[8] _B2_IV = [0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
                           0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179]
cdef uint8_t[12][16] _B2_SIGMA = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3]]

cdef extern from *:
    """
    #if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    #define PA_LITTLE_ENDIAN 1
    #else
    #define PA_LITTLE_ENDIAN 0
    #endif
    """
    const int _LITTLE_ENDIAN "PA_LITTLE_ENDIAN"

cdef uint64_t[256] _SPREAD  # byte v -> its 8 bits, one per byte (bit j in byte j)
for _v in range(256):
    _SPREAD[_v] = sum(((_v >> _j) & 1) << (8 * _j) for _j in range(8))


cdef extern from *:
    """
    /* BLAKE2b-64 (RFC 7693, unkeyed, one final block: messages of at most 128 bytes) of four messages at once,
       in GCC/clang vector extensions: on x86-64 an AVX2 clone and a baseline (SSE2) clone, chosen at load
       time. Little-endian hosts only (message words read as they lie); elsewhere PA_B2X4 is 0. */
    #if PA_LITTLE_ENDIAN && defined(__x86_64__) && defined(__GNUC__) && defined(__has_attribute)
    #if __has_attribute(target_clones) && __has_attribute(vector_size)
    #define PA_B2X4 1
    #endif
    #endif
    #ifndef PA_B2X4
    #define PA_B2X4 0
    static void pa_blake2b_8x4(const unsigned char* const* data, const size_t* size, uint64_t* out) {
        (void)data; (void)size; (void)out;
    }
    #else
    typedef uint64_t pa_v4 __attribute__((vector_size(32)));
    static const uint64_t PA_IV[8] = {
        0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
        0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
    static const unsigned char PA_SIGMA[12][16] = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};
    #define PA_ROT(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
    #define PA_G(a, b, c, d, x, y) do { \
        v[a] = v[a] + v[b] + (x); v[d] = PA_ROT(v[d] ^ v[a], 32); v[c] = v[c] + v[d]; v[b] = PA_ROT(v[b] ^ v[c], 24); \
        v[a] = v[a] + v[b] + (y); v[d] = PA_ROT(v[d] ^ v[a], 16); v[c] = v[c] + v[d]; v[b] = PA_ROT(v[b] ^ v[c], 63); \
    } while (0)
    __attribute__((target_clones("avx2", "default")))
    static void pa_blake2b_8x4(const unsigned char* const* data, const size_t* size, uint64_t* out) {
        unsigned char block[4][128];
        uint64_t w[4];
        pa_v4 m[16], v[16];
        int i, k, r;
        for (k = 0; k < 4; k++) {
            memcpy(block[k], data[k], size[k]);
            memset(block[k] + size[k], 0, 128 - size[k]);
        }
        for (i = 0; i < 16; i++) {
            for (k = 0; k < 4; k++)
                memcpy(&w[k], block[k] + 8 * i, 8);
            m[i] = (pa_v4){w[0], w[1], w[2], w[3]};
        }
        for (i = 0; i < 8; i++) {
            uint64_t h = PA_IV[i] ^ (i == 0 ? 0x01010008ULL : 0);
            v[i] = (pa_v4){h, h, h, h};
            v[i + 8] = (pa_v4){PA_IV[i], PA_IV[i], PA_IV[i], PA_IV[i]};
        }
        v[12] ^= (pa_v4){size[0], size[1], size[2], size[3]};  /* the byte counter: one block */
        v[14] = ~v[14];  /* the last block */
        for (r = 0; r < 12; r++) {
            const unsigned char* s = PA_SIGMA[r];
            PA_G(0, 4, 8, 12, m[s[0]], m[s[1]]);
            PA_G(1, 5, 9, 13, m[s[2]], m[s[3]]);
            PA_G(2, 6, 10, 14, m[s[4]], m[s[5]]);
            PA_G(3, 7, 11, 15, m[s[6]], m[s[7]]);
            PA_G(0, 5, 10, 15, m[s[8]], m[s[9]]);
            PA_G(1, 6, 11, 12, m[s[10]], m[s[11]]);
            PA_G(2, 7, 8, 13, m[s[12]], m[s[13]]);
            PA_G(3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (k = 0; k < 4; k++)  /* the digest's bytes are h[0] little-endian: their big-endian integer */
            out[k] = __builtin_bswap64((PA_IV[0] ^ 0x01010008ULL) ^ v[0][k] ^ v[8][k]);
    }
    #endif
    """
    const int _B2X4 "PA_B2X4"
    void pa_blake2b_8x4(const uint8_t** data, const size_t* size, uint64_t* out) nogil


cdef struct _Tally:
    uint64_t lanes[8]  # bit 8k+j of the digests so far counted in byte j of lanes[k] (a byte holds 255)
    int counts[64]
    int pending


cdef inline void _tally_flush(_Tally* t) noexcept nogil:
    cdef int i
    for i in range(64):
        t.counts[i] += (t.lanes[i >> 3] >> (8 * (i & 7))) & 0xFF
    for i in range(8):
        t.lanes[i] = 0
    t.pending = 0


cdef inline void _tally_add(_Tally* t, uint64_t digest) noexcept nogil:
    """Count the set bits of ``digest``: 8 table adds instead of 64."""
    cdef int k
    for k in range(8):
        t.lanes[k] += _SPREAD[(digest >> (8 * k)) & 0xFF]
    t.pending += 1
    if t.pending == 255:
        _tally_flush(t)

cdef inline uint64_t _rotr(uint64_t x, int n) noexcept nogil:
    return (x >> n) | (x << (64 - n))


cdef void _b2_compress(uint64_t* h, const uint8_t* block, uint64_t counter, bint last) noexcept nogil:
    cdef uint64_t[16] v
    cdef uint64_t[16] m
    cdef int i, r, j
    cdef const uint8_t* s
    if _LITTLE_ENDIAN:  # the message words are little-endian: as they lie in memory (a constant: folded)
        memcpy(m, block, 128)
    else:
        for i in range(16):
            m[i] = 0
            for j in range(8):
                m[i] |= (<uint64_t>block[i * 8 + j]) << (8 * j)
    for i in range(8):
        v[i] = h[i]
        v[i + 8] = _B2_IV[i]
    v[12] ^= counter
    if last:
        v[14] = ~v[14]
    for r in range(12):
        s = _B2_SIGMA[r]
        _b2_g(v, 0, 4, 8, 12, m[s[0]], m[s[1]])
        _b2_g(v, 1, 5, 9, 13, m[s[2]], m[s[3]])
        _b2_g(v, 2, 6, 10, 14, m[s[4]], m[s[5]])
        _b2_g(v, 3, 7, 11, 15, m[s[6]], m[s[7]])
        _b2_g(v, 0, 5, 10, 15, m[s[8]], m[s[9]])
        _b2_g(v, 1, 6, 11, 12, m[s[10]], m[s[11]])
        _b2_g(v, 2, 7, 8, 13, m[s[12]], m[s[13]])
        _b2_g(v, 3, 4, 9, 14, m[s[14]], m[s[15]])
    for i in range(8):
        h[i] ^= v[i] ^ v[i + 8]


cdef inline void _b2_g(uint64_t* v, int a, int b, int c, int d, uint64_t x, uint64_t y) noexcept nogil:
    v[a] = v[a] + v[b] + x
    v[d] = _rotr(v[d] ^ v[a], 32)
    v[c] = v[c] + v[d]
    v[b] = _rotr(v[b] ^ v[c], 24)
    v[a] = v[a] + v[b] + y
    v[d] = _rotr(v[d] ^ v[a], 16)
    v[c] = v[c] + v[d]
    v[b] = _rotr(v[b] ^ v[c], 63)


cdef uint64_t _blake2b_8(const uint8_t* data, Py_ssize_t size) noexcept nogil:
    """BLAKE2b (RFC 7693), unkeyed, 8-byte digest, returned as the big-endian integer of that digest."""
    cdef uint64_t[8] h
    cdef uint8_t[128] block
    cdef Py_ssize_t done = 0, i
    cdef uint64_t out = 0
    for i in range(8):
        h[i] = _B2_IV[i]
    h[0] ^= 0x01010000 ^ 8
    while size - done > 128:
        _b2_compress(h, data + done, done + 128, False)
        done += 128
    memcpy(block, data + done, size - done)
    memset(block + (size - done), 0, 128 - (size - done))
    _b2_compress(h, block, size, True)
    for i in range(8):  # digest bytes are h[0] little-endian
        out = (out << 8) | ((h[0] >> (8 * i)) & 0xff)
    return out


def blake2b_8(const unsigned char[:] data) -> int:
    """``int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")`` (for the tests)."""
    return _blake2b_8(&data[0] if data.shape[0] else <const uint8_t*>b"", data.shape[0])


def simhash_words(const unsigned char[:] flat, int shingle) -> int:
    """The simhash value of ``pipelines.dedup.simhash`` from ``flat`` = the words joined by single spaces,
    UTF-8 (words never hold a space): the majority bit of the BLAKE2b-64 of every word ``shingle``-gram.
    Grams of at most 128 bytes (nearly all) are hashed four at a time (``pa_blake2b_8x4``)."""
    cdef Py_ssize_t size = flat.shape[0], nwords = 0, i, g, ngrams, ln
    cdef Py_ssize_t* starts
    cdef _Tally tally
    cdef const uint8_t* batch[4]
    cdef size_t[4] sizes
    cdef uint64_t[4] digests
    cdef int k, nb = 0
    cdef uint64_t value = 0
    cdef const uint8_t* p = &flat[0] if size else <const uint8_t*>b""
    cdef const uint8_t* gram
    memset(&tally, 0, sizeof(tally))
    if size:
        nwords = 1
        for i in range(size):
            if p[i] == 32:
                nwords += 1
    starts = <Py_ssize_t*>PyMem_Malloc((nwords + 1) * sizeof(Py_ssize_t))
    if starts is NULL:
        raise MemoryError()
    try:
        g = 0
        if size:
            starts[g] = 0
            g += 1
            for i in range(size):
                if p[i] == 32:
                    starts[g] = i + 1
                    g += 1
        starts[nwords] = size + 1  # one past the (virtual) space after the last word
        ngrams = max(nwords - shingle + 1, 1)
        for g in range(ngrams):
            if nwords == 0:
                gram, ln = p, 0
            else:
                gram, ln = p + starts[g], starts[min(g + shingle, nwords)] - 1 - starts[g]
            if _B2X4 and ln <= 128:
                batch[nb], sizes[nb] = gram, ln
                nb += 1
                if nb == 4:
                    pa_blake2b_8x4(batch, sizes, digests)
                    for k in range(4):
                        _tally_add(&tally, digests[k])
                    nb = 0
            else:
                _tally_add(&tally, _blake2b_8(gram, ln))
        for k in range(nb):
            _tally_add(&tally, _blake2b_8(batch[k], sizes[k]))
        _tally_flush(&tally)
    finally:
        PyMem_Free(starts)
    for i in range(64):
        if 2 * tally.counts[i] > ngrams:
            value |= (<uint64_t>1) << i
    return value


def blake2b_8x4(messages) -> list:
    """``[blake2b_8(m) for m in messages]`` for four messages of at most 128 bytes each, by the four-lane code
    (for the tests); None when this build has no four-lane code."""
    cdef const uint8_t* batch[4]
    cdef size_t[4] sizes
    cdef uint64_t[4] digests
    cdef bytes m
    if not _B2X4:
        return None
    kept = [bytes(x) for x in messages]
    if len(kept) != 4 or any(len(x) > 128 for x in kept):
        raise ValueError("four messages of at most 128 bytes")
    for k in range(4):
        m = kept[k]
        batch[k], sizes[k] = <const uint8_t*>m, len(m)
    pa_blake2b_8x4(batch, sizes, digests)
    return [digests[k] for k in range(4)]

cdef xmlAttr* _attr_named(xmlAttr* a, const char* name) noexcept:
    """``a`` or the first attribute after it named ``name`` (no namespace), or NULL."""
    while a is not NULL:
        if a.ns is NULL and strcmp(<const char*>a.name, name) == 0:
            return a
        a = a.next
    return NULL


cdef inline bint _html_element(xmlNode* n, const char* name) noexcept:
    return n.type == tree.XML_ELEMENT_NODE and n.ns is NULL and strcmp(<const char*>n.name, name) == 0


cdef xmlAttr* _base_href(xmlNode* top) noexcept:
    """The attribute of ``/html/head/base[@href][1]/@href``'s first node (``article._BASE_HREF``), or NULL."""
    cdef xmlNode* head
    cdef xmlNode* n
    cdef xmlAttr* a
    if not _html_element(top, "html"):
        return NULL
    head = top.children
    while head is not NULL:
        if _html_element(head, "head"):
            n = head.children
            while n is not NULL:
                if _html_element(n, "base"):
                    a = _attr_named(n.properties, "href")
                    if a is not NULL:
                        return a
                n = n.next
        head = head.next
    return NULL


def page_links(cetree._Element root, HashSet skip) -> tuple:
    """``(hrefs, base, skipped)`` of a tree whose root element is ``root``: the href of every ``<a>`` (no
    namespace) in document order (``article._HREFS``); the page's ``<base href>`` (``article._BASE_HREF``) or None;
    and whether ``hrefs`` leaves out those in ``skip`` (a ``HashSet``, tested on the attribute's bytes: no str
    is made for them). With a ``<base href>`` nothing is left out (the spider resolves the page's links against
    another URL, maybe another origin's set)."""
    cdef xmlNode* top = root._c_node
    cdef xmlNode* n = top
    cdef xmlAttr* a = _base_href(top)
    cdef xmlNode* c
    cdef list out = []
    base = _attr_value(a).decode("utf-8") if a is not NULL else None
    if a is not NULL:
        skip = None
    while n is not NULL:
        if _html_element(n, "a"):
            a = _attr_named(n.properties, "href")
            while a is not NULL:  # every href attribute, as the XPath gives
                c = a.children
                if skip is not None and c is not NULL and c.next is NULL and c.content is not NULL:
                    if not skip._has(_hash_bytes(c.content, strlen(<const char*>c.content))):
                        out.append(PyUnicode_DecodeUTF8(<const char*>c.content, strlen(<const char*>c.content), NULL))
                else:
                    value = _attr_value(a)
                    if skip is None or not skip._has(_hash_bytes(value, len(value))):
                        out.append(value.decode("utf-8"))
                a = _attr_named(a.next, "href")
        n = _next_node(top, n)
    return out, base, skip is not None


# ---------------------------------------------------------------- accent folding (pipelines.textfold.fold)
from libc.stdint cimport int32_t

cdef enum:
    _TR_SPAN = 0x10000  # the Basic Multilingual Plane: Vietnamese, quotes and dashes, CJK


cdef class Translator:
    """``text.translate(table)`` for ``str`` texts, with each code point below U+10000 that ``table`` maps to
    one character or none looked up once per Translator (``table`` is read at the first sight of a code
    point, and must keep its answer: ``pipelines.textfold``'s fold table fills itself so); any other code
    point hands the whole text to ``str.translate``. ``str.translate`` with a dict calls back into Python for
    every character: ~50 ns each, against ~5 ns here (a 2,000-character body: 101 -> 13 us with NFC)."""
    cdef object table
    cdef int32_t[_TR_SPAN] one  # -1 not looked up, -2 not one character, -3 deleted, else the code point

    def __cinit__(self, table):
        self.table = table
        cdef Py_ssize_t i
        for i in range(_TR_SPAN):
            self.one[i] = -1

    cdef int32_t _learn(self, Py_UCS4 ch) except -4:
        cdef int32_t v = -2
        try:
            got = self.table[<long>ch]  # a code point (int), as str.translate asks
        except LookupError:
            v = <int32_t>ch
        else:
            if got is None:
                v = -3
            elif isinstance(got, int):
                v = <int32_t>got if 0 <= got < 0x110000 else -2
            elif isinstance(got, str):
                v = -3 if len(got) == 0 else <int32_t>ord(got) if len(got) == 1 else -2
        self.one[ch] = v
        return v

    def __call__(self, str text) -> str:
        cdef Py_ssize_t n = len(text), j = 0
        cdef Py_UCS4 ch
        cdef int32_t v
        cdef Py_UCS4* buf
        if n == 0:
            return text
        buf = _ucs4_buffer(n)
        try:
            for ch in text:
                if ch >= _TR_SPAN:
                    return text.translate(self.table)
                v = self.one[ch]
                if v == -1:
                    v = self._learn(ch)
                if v >= 0:
                    buf[j] = <Py_UCS4>v
                    j += 1
                elif v == -2:
                    return text.translate(self.table)
            return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, j)
        finally:
            PyMem_Free(buf)


def word_runs(str text) -> str:
    """``" ".join(re.findall(r"\\w+", text))``: the runs of word characters (``str.isalnum()`` or ``_``, exactly
    what ``\\w`` matches in a str pattern), one space between them (``pipelines.dedup.simhash``'s words)."""
    cdef Py_ssize_t n = len(text), j = 0
    cdef Py_UCS4 ch
    cdef bint in_word = False
    cdef Py_UCS4* buf
    if n == 0:
        return text
    buf = _ucs4_buffer(n)
    try:
        for ch in text:
            if Py_UNICODE_ISALNUM(ch) or ch == 95:  # 95: "_"
                if not in_word and j:
                    buf[j] = 32
                    j += 1
                buf[j] = ch
                j += 1
                in_word = True
            else:
                in_word = False
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, j)
    finally:
        PyMem_Free(buf)


# ---------------------------------------------------------------- the spider's settled links
from libc.stdint cimport uint64_t
from libc.stdlib cimport calloc, free


cdef inline uint64_t _hash_bytes(const unsigned char* p, Py_ssize_t n) noexcept:
    """FNV-1a over the bytes, then MurmurHash3's finaliser (FNV's low bits, the table's index, mix poorly);
    never 0 (``HashSet``'s free slot)."""
    cdef uint64_t h = 0xcbf29ce484222325ULL
    cdef Py_ssize_t i
    for i in range(n):
        h = (h ^ p[i]) * 0x100000001b3ULL
    h ^= h >> 33
    h *= 0xff51afd7ed558ccdULL
    h ^= h >> 33
    h *= 0xc4ceb9fe1a85ec53ULL
    h ^= h >> 33
    return h if h != 0 else 1


cdef class HashSet:
    """A set of strings kept as 64-bit hashes of their UTF-8 bytes, one word each in an open-addressed table:
    ``crawler.spiders.portal``'s settled links, against which ~340 links per page are tested. A lookup reads one
    cache line where a dict of the strings reads three (index, entry, key), which in a crawl, between pages that
    sweep the caches, is most of its cost. Bytes, not the str's own hash, so that ``page_links`` can test an
    href's bytes before making a str of it. Two strings of one hash count as one: 64-bit values of 10^5 links
    collide with a ~10^-10 chance over a whole crawl."""
    cdef uint64_t* slots
    cdef Py_ssize_t mask, used

    def __cinit__(self):
        self._alloc(1024)

    def __dealloc__(self):
        free(self.slots)

    cdef int _alloc(self, Py_ssize_t size) except -1:
        self.slots = <uint64_t*>calloc(size, sizeof(uint64_t))
        if self.slots is NULL:
            raise MemoryError()
        self.mask, self.used = size - 1, 0
        return 0

    cdef inline uint64_t _key(self, str s) except? 0:
        cdef Py_ssize_t size
        cdef const char* p = PyUnicode_AsUTF8AndSize(s, &size)  # an ASCII str's own buffer: no copy
        return _hash_bytes(<const unsigned char*>p, size)

    cdef inline bint _has(self, uint64_t h) noexcept:
        cdef Py_ssize_t i = <Py_ssize_t>(h & <uint64_t>self.mask)
        while self.slots[i] != 0:
            if self.slots[i] == h:
                return True
            i = (i + 1) & self.mask
        return False

    cdef inline void _put(self, uint64_t h) noexcept:
        cdef Py_ssize_t i = <Py_ssize_t>(h & <uint64_t>self.mask)
        while self.slots[i] != 0:
            if self.slots[i] == h:
                return
            i = (i + 1) & self.mask
        self.slots[i] = h
        self.used += 1

    def add(self, str s):
        cdef uint64_t* old
        cdef Py_ssize_t i, size
        if (self.used + 1) * 2 > self.mask + 1:  # at most half full: probes stay short
            old, size = self.slots, self.mask + 1
            self._alloc(size * 2)
            for i in range(size):
                if old[i] != 0:
                    self._put(old[i])
            free(old)
        self._put(self._key(s))

    def clear(self):
        free(self.slots)
        self.slots = NULL
        self._alloc(1024)

    def __len__(self):
        return self.used

    def __contains__(self, str s):
        return self._has(self._key(s))

    def without(self, list strings) -> list:
        """The strings of ``strings`` (a list of str) that are not in the set, in their order."""
        cdef list out = []
        for s in strings:
            if not self._has(self._key(s)):
                out.append(s)
        return out


cdef bint[128] _PLAIN_CHAR  # crawler.urls._PLAIN_CHARS: what canonical_url keeps as it is in a path
for _c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~/:@!$&'*+,=-":
    _PLAIN_CHAR[ord(_c)] = True


def plain_path(str href) -> bool:
    """``crawler.urls.plain_path`` in one pass: ``/`` then not ``/``, only ``_PLAIN_CHARS`` (ASCII), no
    ``.``/``..`` segment."""
    cdef Py_ssize_t i, n = len(href)
    cdef const unsigned char* p
    if n == 0 or not PyUnicode_IS_ASCII(href):
        return False
    p = <const unsigned char*>PyUnicode_DATA(href)  # one byte per character
    if p[0] != b"/" or (n > 1 and p[1] == b"/"):
        return False
    for i in range(n):
        if not _PLAIN_CHAR[p[i]]:
            return False
        if p[i] == b"/" and i + 1 < n and p[i + 1] == b".":  # "/." or "/.." ending the path or a segment
            if i + 2 == n or p[i + 2] == b"/":
                return False
            if p[i + 2] == b"." and (i + 3 == n or p[i + 3] == b"/"):
                return False
    return True
