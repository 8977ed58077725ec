/* xmlout.c - XML written by tonghop: a document streamed to a temp file
 * and renamed into place, and the way text from outside enters a writer. */
#include "xmlout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>

#include "escape.h"

/* hashed on the way (th_temp_hash): the archive of the same run takes the
 * hash from the commit instead of reading the file back */
static void out_all(struct th_xml_out *o, const char *p, size_t n)
{
    if (n && !o->err && th_temp_write(&o->t, p, n) != TH_OK)
        o->err = errno;
}

/* libxml2 hands over 4 KB at a time: gathered into TH_XML_OUT_BUF bytes per
 * write(2), for a syscall costs microseconds on a VM (validation.xml of
 * 10,000 files was 600 of them) */
static int out_write(void *ctx, const char *buf, int len)
{
    struct th_xml_out *o = ctx;
    size_t n = (size_t)len;
    if (o->nbuf + n > TH_XML_OUT_BUF) {
        out_all(o, o->buf, o->nbuf);
        o->nbuf = 0;
    }
    if (n >= TH_XML_OUT_BUF) {
        out_all(o, buf, n);
    } else {
        memcpy(o->buf + o->nbuf, buf, n);
        o->nbuf += n;
    }
    return o->err ? -1 : len;
}

static int out_close(void *ctx)
{
    struct th_xml_out *o = ctx;
    out_all(o, o->buf, o->nbuf); /* the fd is closed by th_xml_out_commit */
    o->nbuf = 0;
    return o->err ? -1 : 0;
}

static xmlTextWriterPtr out_open(struct th_xml_out *o, const char *path, bool hash)
{
    memset(o, 0, sizeof *o);
    if (th_temp_open(&o->t, path, 0644) != TH_OK)
        return NULL;
    if (hash)
        th_temp_hash(&o->t);
    o->buf = th_malloc(TH_XML_OUT_BUF);
    xmlOutputBufferPtr out = xmlOutputBufferCreateIO(out_write, out_close, o, NULL);
    o->w = out ? xmlNewTextWriter(out) : NULL;
    if (!o->w) {
        if (out)
            xmlOutputBufferClose(out);
        th_temp_abort(&o->t);
        free(o->buf);
        o->buf = NULL;
        errno = ENOMEM;
    }
    return o->w;
}

xmlTextWriterPtr th_xml_out_open(struct th_xml_out *o, const char *path)
{
    return out_open(o, path, true);
}

xmlTextWriterPtr th_xml_out_open_unhashed(struct th_xml_out *o, const char *path)
{
    return out_open(o, path, false);
}

th_err th_xml_out_commit(struct th_xml_out *o)
{
    xmlFreeTextWriter(o->w); /* flushes what is left through out_write */
    o->w = NULL;
    th_err e = TH_OK;
    if (o->err) {
        th_temp_abort(&o->t);
        e = TH_ERR_IO;
    } else if (th_temp_commit(&o->t) != TH_OK) {
        o->err = errno;
        e = TH_ERR_IO;
    }
    int saved = o->err;
    free(o->buf);
    o->buf = NULL;
    errno = saved;
    return e;
}

char *th_xml_chars(const char *s)
{
    if (!s)
        return NULL;
    struct th_buf b;
    th_buf_init(&b, 0);
    const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
    while (p < end) {
        ucs4_t c;
        int n = u8_mbtoucr(&c, p, (size_t)(end - p));
        bool ok = n > 0 && (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') && c != 0xFFFE && c != 0xFFFF;
        if (ok) {
            th_buf_add(&b, p, (size_t)n);
            p += n;
        } else {
            th_buf_add(&b, "\xEF\xBF\xBD", 3);
            p += n > 0 ? (size_t)n : 1;
        }
    }
    return th_buf_detach(&b);
}

/* Whether s is XML 1.0 text as it is (the common case: no copy). */
static bool xml_clean(const char *s)
{
    const uint8_t *p = (const uint8_t *)s;
    for (; *p; p++)
        if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p >= 0x80)
            break;
    if (!*p)
        return true;
    size_t n = strlen((const char *)p);
    if (u8_check(p, n))
        return false;
    for (const uint8_t *q = p; q < p + n;) {
        ucs4_t c;
        int k = u8_mbtoucr(&c, q, (size_t)(p + n - q));
        if (k <= 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
            return false;
        q += k;
    }
    return true;
}

enum put_as { PUT_ATTR, PUT_TEXT, PUT_ELEMENT };

/* value through th_xml_chars unless it is clean already (most are: no copy) */
static int put(xmlTextWriterPtr w, enum put_as as, const char *name, const char *value)
{
    if (!value)
        return 0;
    char *owned = xml_clean(value) ? NULL : th_xml_chars(value);
    const xmlChar *v = BAD_CAST(owned ? owned : value);
    int r = as == PUT_ATTR ? xmlTextWriterWriteAttribute(w, BAD_CAST name, v)
            : as == PUT_TEXT ? xmlTextWriterWriteString(w, v)
                             : xmlTextWriterWriteElement(w, BAD_CAST name, v);
    free(owned);
    return r;
}

int th_xml_put_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
    return put(w, PUT_ATTR, name, value);
}

int th_xml_put_text(xmlTextWriterPtr w, const char *value)
{
    return put(w, PUT_TEXT, NULL, value);
}

int th_xml_put_element(xmlTextWriterPtr w, const char *name, const char *value)
{
    return put(w, PUT_ELEMENT, name, value);
}

int th_xml_put_name(xmlTextWriterPtr w, const char *attr, const char *name)
{
    if (!name)
        return 0;
    int r = th_xml_put_attr(w, attr, name);
    char *enc = th_name_encode(name);
    if (r >= 0 && strcmp(enc, name) != 0) {
        char *battr = th_asprintf("%sBytes", attr);
        r = xmlTextWriterWriteAttribute(w, BAD_CAST battr, BAD_CAST enc);
        free(battr);
    }
    free(enc);
    return r;
}
