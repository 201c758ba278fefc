#include "build.h"
#include "commands.h"
#include "lint.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>

static const char S_usage[] =
    "usage: polidoc check [OPTIONS] FILE|DIR...\n"
    "\n"
    "Lints sources: front matter (required keys, types, values), heading levels skipped,\n"
    "images without alt text, empty or javascript: links, raw HTML, and words that look\n"
    "like leftover OCR damage of æ/ø/å. Every finding is reported as file:line:column.\n"
    "Exit status: 0 no findings, 1 findings, 2 usage error.\n"
    "\n"
    "      --input-encoding CS  the sources' encoding when not UTF-8\n"
    "  -h, --help               this text\n"
    "\n"
    "example:\n"
    "  polidoc check content/\n";

int pd_cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"input-encoding", required_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    pd_load_options load = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(S_usage, stdout);
            return 0;
        }
        if (c == 'e') {
            load.input_encoding = optarg;
            continue;
        }
        fputs("(see `polidoc check --help`)\n", stderr);
        return 2;
    }
    if (optind >= argc) {
        fputs("polidoc check: no sources given\n(see `polidoc check --help`)\n", stderr);
        return 2;
    }
    pd_diags *d = pd_diags_new();
    pd_inputs in;
    int rc = pd_inputs_collect(argv + optind, argc - optind, &in, d);
    for (size_t i = 0; i < in.n; i++) {
        pd_document *doc;
        if (pd_document_load(in.paths[i], &load, &doc, d) == 0) {
            pd_lint_document(doc, d);
            pd_document_free(doc);
        }
    }
    pd_diags_print(d, stdout);
    size_t errors = pd_diags_count(d, PD_ERROR), warnings = pd_diags_count(d, PD_WARNING);
    printf("%zu source%s checked: %zu error%s, %zu warning%s\n", in.n, in.n == 1 ? "" : "s", errors,
           errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    pd_diags_free(d);
    pd_inputs_free(&in);
    return rc < 0 || errors || warnings ? 1 : 0;
}
