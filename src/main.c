/* polidoc: publishes policy documents from canonical Markdown as PDF, EPUB and plain text. */

#include "commands.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

static const char S_usage[] =
    "usage: polidoc COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Publishes policy documents from canonical Markdown (CommonMark + YAML front matter).\n"
    "\n"
    "commands:\n"
    "  build      convert sources into out/<slug>/: txt, epub, pdf, print, archive\n"
    "  normalize  repair OCR damage to æ/ø/å in a scanned text (to stdout)\n"
    "  check      lint sources: front matter, headings, alt text, links, OCR damage\n"
    "  archive    store a built revision with checksums\n"
    "  verify     re-check an archive's checksums\n"
    "\n"
    "Run `polidoc COMMAND --help` for a command's options.\n"
    "  -h, --help     this text\n"
    "  -V, --version  polidoc's version\n"
    "\n"
    "Exit status: 0 all good, 1 some document failed (the others were still built),\n"
    "2 usage error.\n";

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {
        {"build", pd_cmd_build},     {"normalize", pd_cmd_normalize}, {"check", pd_cmd_check},
        {"archive", pd_cmd_archive}, {"verify", pd_cmd_verify},
    };
    /* iconv's //TRANSLIT only knows its replacements (é→e) in a UTF-8 locale; set once here,
     * before any worker thread starts. */
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "");
    if (argc < 2) {
        fputs(S_usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(S_usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("polidoc %s\n", POLIDOC_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(cmd, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "polidoc: unknown command '%s'\n\n%s", cmd, S_usage);
    return 2;
}
