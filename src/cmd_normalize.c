/* `polidoc normalize`: OCR repair of æ/ø/å from the command line (see normalize.h). */

#include "commands.h"
#include "normalize.h"
#include "output.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char S_usage[] =
    "usage: polidoc normalize [--lang nb|nn] [--report FILE] [--min-confidence X]\n"
    "                         [--markdown | --plain] [FILE]\n"
    "\n"
    "Repairs æ/ø/å in OCR'd Norwegian text (\"Kommunedirektgrens\", \"& vage\", \"st@tte\") and\n"
    "mojibake (\"RingkjÃ¸bing\"), and writes the repaired text to standard output. Reads FILE,\n"
    "or standard input when FILE is absent or \"-\".\n"
    "\n"
    "  --lang nb|nn          Bokmål (default) or Nynorsk lexicon\n"
    "  --report FILE         write every change as TSV: line, column, before, after,\n"
    "                        confidence, reason (\"review: …\" when not applied)\n"
    "  --min-confidence X    apply only changes at least this certain (0..1, default 0.5);\n"
    "                        the others are listed in the report for review\n"
    "  --markdown            input is a Markdown source with front matter (default for *.md):\n"
    "                        keys, code and link destinations are left alone\n"
    "  --plain               input is plain text, even if its name ends in .md\n"
    "  -h, --help            this help\n"
    "\n"
    "Exit status: 0 done, 1 the input could not be read or is not valid UTF-8, 2 usage error.\n";

static int S_read_stream(FILE *f, char **data, size_t *len)
{
    pd_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        pd_buf_put(&b, chunk, n);
    if (ferror(f)) {
        pd_buf_free(&b);
        return -1;
    }
    if (!b.data)
        pd_buf_put(&b, "", 0);
    *data = pd_buf_detach(&b, len);
    return 0;
}

static int S_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int pd_cmd_normalize(int argc, char **argv)
{
    static const struct option opts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"report", required_argument, NULL, 'r'},
        {"min-confidence", required_argument, NULL, 'c'},
        {"markdown", no_argument, NULL, 'm'},
        {"plain", no_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    pd_normalize_options o = {.lang = "nb", .min_confidence = PD_NORMALIZE_DEFAULT_CONFIDENCE};
    const char *report = NULL;
    int markdown = -1;
    optind = 1;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, "+h", opts, NULL);
        if (c == -1)
            break;
        switch (c) {
        case 'l':
            if (strcmp(optarg, "nb") && strcmp(optarg, "nn") && strcmp(optarg, "nb-NO") &&
                strcmp(optarg, "nn-NO")) {
                fprintf(stderr, "polidoc normalize: --lang must be nb or nn, not '%s'\n", optarg);
                return 2;
            }
            o.lang = optarg;
            break;
        case 'r':
            report = optarg;
            break;
        case 'c': {
            char *end;
            errno = 0;
            double x = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(x >= 0.0 && x <= 1.0)) {
                fprintf(stderr,
                        "polidoc normalize: --min-confidence wants a number from 0 to 1, not "
                        "'%s'\n",
                        optarg);
                return 2;
            }
            o.min_confidence = x;
            break;
        }
        case 'm':
            markdown = 1;
            break;
        case 'p':
            markdown = 0;
            break;
        case 'h':
            fputs(S_usage, stdout);
            return 0;
        default:
            fprintf(stderr, "polidoc normalize: unknown or incomplete option '%s'\n%s",
                    argv[optind - 1], S_usage);
            return 2;
        }
    }
    if (argc - optind > 1) {
        fprintf(stderr, "polidoc normalize: one FILE at most\n%s", S_usage);
        return 2;
    }
    const char *path = optind < argc ? argv[optind] : "-";
    int from_stdin = strcmp(path, "-") == 0;
    o.markdown = markdown >= 0 ? markdown : (!from_stdin && S_ends_with(path, ".md"));

    pd_diags *d = pd_diags_new();
    int rc = 1;
    char *data = NULL;
    size_t len = 0;
    pd_normalizer *nz = NULL;
    pd_ocr_result res = {0};
    if (from_stdin ? S_read_stream(stdin, &data, &len) : pd_read_file(path, &data, &len)) {
        pd_error(d, from_stdin ? "<stdin>" : path, 0, 0, "cannot read: %s", strerror(errno));
        goto done;
    }
    nz = pd_normalizer_new(&o, d);
    if (!nz)
        goto done;
    if (pd_normalize_text(nz, from_stdin ? "<stdin>" : path, data, len, &res, d) < 0)
        goto done;
    if (fwrite(res.text, 1, res.len, stdout) != res.len || fflush(stdout) != 0) {
        pd_error(d, NULL, 0, 0, "cannot write the repaired text: %s", strerror(errno));
        goto done;
    }
    if (report) {
        size_t rlen;
        char *tsv = pd_ocr_report_tsv(&res, &rlen);
        int w = strcmp(report, "-") == 0 ? (fwrite(tsv, 1, rlen, stderr) == rlen ? 0 : -1)
                                         : pd_write_atomic(report, tsv, rlen, d);
        free(tsv);
        if (w < 0)
            goto done;
    }
    rc = 0;
done:
    pd_diags_print(d, stderr);
    pd_ocr_result_free(&res);
    pd_normalizer_free(nz);
    free(data);
    pd_diags_free(d);
    return rc;
}
