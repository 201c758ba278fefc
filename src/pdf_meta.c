#include "pdf_meta.h"
#include "pdf_obj.h"

#include <hpdf_doc.h>
#include <hpdf_encrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The front-matter date as PDF and XMP dates, both midnight UTC: the revision's date, not the
 * moment of the build, so that two builds give the same bytes. */
static int S_dates(const pd_pdf_meta *m, char pdf_date[32], char xmp_date[32], const char *file,
                   pd_diags *d)
{
    int y, mo, da;
    if (!m->meta->date || pd_parse_iso_date(m->meta->date, &y, &mo, &da) < 0)
        return pd_error(d, file, 0, 0, "PDF metadata: date \"%s\" is not YYYY-MM-DD",
                        m->meta->date ? m->meta->date : "");
    snprintf(pdf_date, 32, "D:%04d%02d%02d000000Z", y, mo, da);
    snprintf(xmp_date, 32, "%04d-%02d-%02dT00:00:00Z", y, mo, da);
    return 0;
}

static void S_xml(pd_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            pd_buf_puts(b, "&amp;");
            break;
        case '<':
            pd_buf_puts(b, "&lt;");
            break;
        case '>':
            pd_buf_puts(b, "&gt;");
            break;
        case '"':
            pd_buf_puts(b, "&quot;");
            break;
        default:
            /* XML 1.0 forbids most control characters even as references. */
            if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
                pd_buf_putc(b, *s);
        }
    }
}

/* pdf:Keywords and the Info /Keywords: the front matter's list, comma separated. */
static char *S_keywords(const pd_metadata *meta)
{
    pd_buf b = {0};
    for (size_t i = 0; i < meta->n_keywords; i++) {
        if (i)
            pd_buf_puts(&b, ", ");
        pd_buf_puts(&b, meta->keywords[i]);
    }
    return pd_buf_detach(&b, NULL);
}

static const char *S_lang(const pd_metadata *meta)
{
    return meta->lang && *meta->lang ? meta->lang : "nb-NO";
}

int pd_pdf_meta_xmp(const pd_pdf_meta *m, pd_buf *b, const char *file, pd_diags *d)
{
    char pdf_date[32], xmp_date[32];
    if (S_dates(m, pdf_date, xmp_date, file, d) < 0)
        return -1;
    const pd_metadata *meta = m->meta;
    const char *lang = S_lang(meta);
    pd_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    /* Dublin Core */
    pd_buf_puts(b,
                "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                "<dc:format>application/pdf</dc:format>\n"
                "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    S_xml(b, meta->title ? meta->title : "");
    pd_buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n"
                   "<dc:creator><rdf:Seq><rdf:li>");
    S_xml(b, meta->organisation ? meta->organisation : "");
    pd_buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n");
    if (meta->description && *meta->description) {
        pd_buf_puts(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        S_xml(b, meta->description);
        pd_buf_puts(b, "</rdf:li></rdf:Alt></dc:description>\n");
    }
    pd_buf_puts(b, "<dc:language><rdf:Bag><rdf:li>");
    S_xml(b, lang);
    pd_buf_puts(b, "</rdf:li></rdf:Bag></dc:language>\n");
    if (meta->n_keywords) {
        pd_buf_puts(b, "<dc:subject><rdf:Bag>");
        for (size_t i = 0; i < meta->n_keywords; i++) {
            pd_buf_puts(b, "<rdf:li>");
            S_xml(b, meta->keywords[i]);
            pd_buf_puts(b, "</rdf:li>");
        }
        pd_buf_puts(b, "</rdf:Bag></dc:subject>\n");
    }
    pd_buf_puts(b, "</rdf:Description>\n");
    /* Adobe PDF and XMP basic: the same values as the Info dictionary */
    pd_buf_puts(b, "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                   "<pdf:Producer>");
    S_xml(b, m->producer);
    pd_buf_puts(b, "</pdf:Producer>\n");
    if (meta->n_keywords) {
        char *kw = S_keywords(meta);
        pd_buf_puts(b, "<pdf:Keywords>");
        S_xml(b, kw);
        pd_buf_puts(b, "</pdf:Keywords>\n");
        free(kw);
    }
    pd_buf_puts(b, "</rdf:Description>\n");
    pd_buf_printf(b,
                  "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                  "<xmp:CreatorTool>polidoc</xmp:CreatorTool>\n"
                  "<xmp:CreateDate>%s</xmp:CreateDate>\n"
                  "<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
                  "<xmp:MetadataDate>%s</xmp:MetadataDate>\n"
                  "</rdf:Description>\n",
                  xmp_date, xmp_date, xmp_date);
    /* Identification: PDF/A part and conformance level A (accessible), PDF/UA-1. */
    pd_buf_printf(
        b,
        "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
        "<pdfaid:part>%d</pdfaid:part>\n"
        "<pdfaid:conformance>A</pdfaid:conformance>\n"
        "</rdf:Description>\n"
        "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        "</rdf:Description>\n",
        m->pdfa_part);
    /* PDF/A accepts only predefined XMP schemas unless the others are declared: pdfuaid is
     * not predefined (ISO 19005-2 6.6.2.3). */
    pd_buf_puts(
        b, "<rdf:Description rdf:about=\"\""
           " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\""
           " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\""
           " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
           "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
           "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
           "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
           "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
           "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
           "<pdfaProperty:name>part</pdfaProperty:name>\n"
           "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
           "<pdfaProperty:category>internal</pdfaProperty:category>\n"
           "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is "
           "followed</pdfaProperty:description>\n"
           "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
           "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
           "</rdf:Description>\n");
    pd_buf_puts(b, "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    return 0;
}

static int S_info(HPDF_Doc pdf, const pd_pdf_meta *m, const char *pdf_date)
{
    const pd_metadata *meta = m->meta;
    /* HPDF_SetInfoAttr makes the Info dictionary; values go in as our own text strings, since
     * libharu would write UTF-8 bytes as if they were PDFDocEncoding. */
    if (HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "polidoc") != HPDF_OK || !pdf->info)
        return -1;
    HPDF_Dict info = pdf->info;
    HPDF_Dict_Add(info, "Title", pd_pdf_text_string(pdf, meta->title));
    HPDF_Dict_Add(info, "Author", pd_pdf_text_string(pdf, meta->organisation));
    if (meta->description && *meta->description)
        HPDF_Dict_Add(info, "Subject", pd_pdf_text_string(pdf, meta->description));
    if (meta->n_keywords) {
        char *kw = S_keywords(meta);
        HPDF_Dict_Add(info, "Keywords", pd_pdf_text_string(pdf, kw));
        free(kw);
    }
    HPDF_Dict_Add(info, "Producer", pd_pdf_text_string(pdf, m->producer));
    HPDF_Dict_Add(info, "CreationDate", HPDF_String_New(pdf->mmgr, pdf_date, NULL));
    HPDF_Dict_Add(info, "ModDate", HPDF_String_New(pdf->mmgr, pdf_date, NULL));
    return 0;
}

static int S_output_intent(HPDF_Doc pdf, const char *icc_path, const char *file, pd_diags *d)
{
    char *icc = NULL;
    size_t len = 0;
    if (pd_read_file(icc_path, &icc, &len) < 0)
        return pd_error(d, file, 0, 0,
                        "PDF/A: cannot read the sRGB profile %s (Debian package "
                        "icc-profiles-free)",
                        icc_path);
    /* An output profile (class mntr or prtr) for RGB: what PDF/A requires of the intent. */
    if (len < 128 || memcmp(icc + 36, "acsp", 4) || memcmp(icc + 16, "RGB ", 4) ||
        (memcmp(icc + 12, "mntr", 4) && memcmp(icc + 12, "prtr", 4))) {
        free(icc);
        return pd_error(d, file, 0, 0, "PDF/A: %s is not an RGB output ICC profile", icc_path);
    }
    HPDF_Dict profile = pd_pdf_stream(pdf, icc, len, 1);
    free(icc);
    if (!profile)
        return -1;
    HPDF_Dict_AddNumber(profile, "N", 3);
    HPDF_Dict oi = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_AddName(oi, "Type", "OutputIntent");
    HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
    HPDF_Dict_Add(oi, "OutputConditionIdentifier",
                  HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(oi, "RegistryName", HPDF_String_New(pdf->mmgr, "http://www.color.org", NULL));
    HPDF_Dict_Add(oi, "Info", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(oi, "DestOutputProfile", profile);
    HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
    HPDF_Array_Add(intents, oi);
    return HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents) == HPDF_OK ? 0 : -1;
}

int pd_pdf_meta_write(HPDF_Doc pdf, const pd_pdf_meta *m, const char *file, pd_diags *d)
{
    char pdf_date[32], xmp_date[32];
    if (S_dates(m, pdf_date, xmp_date, file, d) < 0)
        return -1;
    /* libharu writes %PDF-1.3 unless told; tagged PDF with PDF/A-2 needs a 1.7 reader. */
    pdf->pdf_version = HPDF_VER_17;
    if (S_info(pdf, m, pdf_date) < 0)
        return pd_pdf_check(pdf, file, "writing the Info dictionary", d) < 0
                   ? -1
                   : pd_error(d, file, 0, 0, "PDF: cannot write the Info dictionary");
    pd_buf xmp = {0};
    if (pd_pdf_meta_xmp(m, &xmp, file, d) < 0)
        return -1;
    /* Uncompressed, so that tools which do not parse PDF can still find it. */
    HPDF_Dict md = pd_pdf_stream(pdf, xmp.data, xmp.len, 0);
    pd_buf_free(&xmp);
    if (!md)
        return pd_pdf_check(pdf, file, "writing the XMP metadata", d);
    HPDF_Dict_AddName(md, "Type", "Metadata");
    HPDF_Dict_AddName(md, "Subtype", "XML");
    HPDF_Dict_Add(pdf->catalog, "Metadata", md);
    HPDF_Dict_Add(pdf->catalog, "Lang", pd_pdf_text_string(pdf, S_lang(m->meta)));
    HPDF_Dict vp = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
    HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", vp);
    if (S_output_intent(pdf, m->icc_path ? m->icc_path : PD_PDF_SRGB_PROFILE, file, d) < 0)
        return pd_diags_count(d, PD_ERROR) ? -1 : pd_pdf_check(pdf, file, "OutputIntent", d);
    /* The trailer /ID (required by PDF/A): libharu writes one only when encrypting. Both halves
     * are the same digest of the content, so a rebuild of the same source is byte-identical. */
    struct HPDF_MD5Context ctx;
    HPDF_BYTE id[16];
    HPDF_MD5Init(&ctx);
    HPDF_MD5Update(&ctx, (const HPDF_BYTE *)m->id_seed, (HPDF_UINT32)m->id_seed_len);
    HPDF_MD5Final(id, &ctx);
    HPDF_Array ids = HPDF_Array_New(pdf->mmgr);
    HPDF_Array_Add(ids, pd_pdf_bytes(pdf, id, sizeof id));
    HPDF_Array_Add(ids, pd_pdf_bytes(pdf, id, sizeof id));
    HPDF_Dict_Add(pdf->trailer, "ID", ids);
    return pd_pdf_check(pdf, file, "writing the document metadata", d);
}

int pd_pdf_meta_embed_source(HPDF_Doc pdf, const char *name, const char *mime, const void *data,
                             size_t len, const char *date, const char *desc, const char *file,
                             pd_diags *d)
{
    int y, mo, da;
    if (!date || pd_parse_iso_date(date, &y, &mo, &da) < 0)
        return pd_error(d, file, 0, 0, "PDF: date \"%s\" is not YYYY-MM-DD", date ? date : "");
    char moddate[32];
    snprintf(moddate, sizeof moddate, "D:%04d%02d%02d000000Z", y, mo, da);
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_Dict ef = pd_pdf_stream(pdf, data, len, 1);
    if (!ef)
        return pd_pdf_check(pdf, file, "embedding the source", d);
    HPDF_Dict_AddName(ef, "Type", "EmbeddedFile");
    HPDF_Dict_AddName(ef, "Subtype", mime);
    struct HPDF_MD5Context ctx;
    HPDF_BYTE sum[16];
    HPDF_MD5Init(&ctx);
    HPDF_MD5Update(&ctx, (const HPDF_BYTE *)data, (HPDF_UINT32)len);
    HPDF_MD5Final(sum, &ctx);
    HPDF_Dict params = HPDF_Dict_New(mm);
    HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)len);
    HPDF_Dict_Add(params, "ModDate", HPDF_String_New(mm, moddate, NULL));
    HPDF_Dict_Add(params, "CheckSum", pd_pdf_bytes(pdf, sum, sizeof sum));
    HPDF_Dict_Add(ef, "Params", params);

    HPDF_Dict fs = pd_pdf_indirect_dict(pdf);
    if (!fs)
        return pd_pdf_check(pdf, file, "embedding the source", d);
    HPDF_Dict_AddName(fs, "Type", "Filespec");
    HPDF_Dict_Add(fs, "F", pd_pdf_text_string(pdf, name));
    HPDF_Dict_Add(fs, "UF", pd_pdf_text_string(pdf, name));
    if (desc)
        HPDF_Dict_Add(fs, "Desc", pd_pdf_text_string(pdf, desc));
    HPDF_Dict_AddName(fs, "AFRelationship", "Source");
    HPDF_Dict efd = HPDF_Dict_New(mm);
    HPDF_Dict_Add(efd, "F", ef);
    HPDF_Dict_Add(efd, "UF", ef);
    HPDF_Dict_Add(fs, "EF", efd);

    HPDF_Array af = HPDF_Array_New(mm);
    HPDF_Array_Add(af, fs);
    HPDF_Dict_Add(pdf->catalog, "AF", af);
    HPDF_Dict names = HPDF_Dict_GetItem(pdf->catalog, "Names", HPDF_OCLASS_DICT);
    if (!names) {
        names = HPDF_Dict_New(mm);
        HPDF_Dict_Add(pdf->catalog, "Names", names);
    }
    HPDF_Dict files = HPDF_Dict_New(mm);
    HPDF_Array list = HPDF_Array_New(mm);
    HPDF_Array_Add(list, pd_pdf_text_string(pdf, name));
    HPDF_Array_Add(list, fs);
    HPDF_Dict_Add(files, "Names", list);
    HPDF_Dict_Add(names, "EmbeddedFiles", files);
    return pd_pdf_check(pdf, file, "embedding the source", d);
}

int pd_pdf_meta_page_labels(HPDF_Doc pdf, const pd_label_range *ranges, size_t n, const char *file,
                            pd_diags *d)
{
    for (size_t i = 0; i < n; i++) {
        HPDF_PageNumStyle style = ranges[i].style == PD_LABEL_ROMAN_LOWER
                                      ? HPDF_PAGE_NUM_STYLE_LOWER_ROMAN
                                      : HPDF_PAGE_NUM_STYLE_DECIMAL;
        if (ranges[i].first_page < 0 || ranges[i].start < 1)
            return pd_error(d, file, 0, 0, "PDF: bad page label range %zu", i);
        HPDF_AddPageLabel(pdf, (HPDF_UINT)ranges[i].first_page, style, (HPDF_UINT)ranges[i].start,
                          NULL);
    }
    return pd_pdf_check(pdf, file, "writing page labels", d);
}
