# cython: language_level=3, boundscheck=False, wraparound=False
"""C walks over lxml trees: the per-node loops of extraction, without a Python object per node.

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


def index_hits(cetree._Element root, classes, ids, attrs, tags) -> dict:
    """``SelectorSet.index``'s hits: (kind, name) -> elements in document order, for the class tokens, ids,
    attribute names and tags given (sets of UTF-8 bytes). Class values split as ``str.split()`` does."""
    cdef xmlNode* top = root._c_node
    cdef xmlNode* n = top
    cdef xmlAttr* a
    cdef const unsigned char* v
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
            if want_tags and <bytes>n.name in tags:
                el = cetree.elementFactory(doc, n)
                hits.setdefault(("tag", (<bytes>n.name).decode()), []).append(el)
            a = n.properties
            while a is not NULL:
                if want_classes and strcmp(<const char*>a.name, "class") == 0:
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
                        tok = PyBytes_FromStringAndSize(<char*>v + i, j - i)
                        if tok in classes:
                            if el is None:
                                el = cetree.elementFactory(doc, n)
                            lst = hits.setdefault(("class", tok.decode()), [])
                            if not lst or lst[len(lst) - 1] is not el:
                                lst.append(el)
                        i = j
                elif want_ids and strcmp(<const char*>a.name, "id") == 0:
                    val = _attr_value(a)
                    if val in ids:
                        if el is None:
                            el = cetree.elementFactory(doc, n)
                        hits.setdefault(("id", val.decode()), []).append(el)
                if want_attrs and <bytes>a.name in attrs:
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


def collapse_ws(str text) -> str:
    """``" ".join(text.split())``: whitespace runs to one space, none at the ends (``text`` itself when that
    changes nothing)."""
    cdef Py_ssize_t n = len(text), j = 0
    cdef Py_UCS4 ch
    cdef bint pending = False, changed = False
    cdef Py_UCS4* buf
    if n == 0:
        return text
    buf = <Py_UCS4*>PyMem_Malloc(n * sizeof(Py_UCS4))
    if buf is NULL:
        raise MemoryError()
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
