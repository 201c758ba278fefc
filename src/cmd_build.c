#include "build.h"
#include "commands.h"
#include "fontset.h"
#include "formats.h"
#include "hyphenate.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char S_usage[] =
    "usage: polidoc build [OPTIONS] FILE|DIR...\n"
    "\n"
    "Converts each source (a folder: every .md directly in it) into out/<slug>/<slug>.<format>.\n"
    "\n"
    "  -f, --formats LIST       comma-separated: txt,epub,pdf,print,archive (default: all\n"
    "                           that this build provides: %s)\n"
    "  -o, --output DIR         where to write (default: out)\n"
    "  -j, --jobs N             documents built in parallel (default: number of CPUs)\n"
    "      --input-encoding CS  the sources' encoding when not UTF-8 (iconv name, e.g.\n"
    "                           ISO-8859-1, WINDOWS-1252, CP865); UTF-16 with BOM is automatic\n"
    "  -v, --verbose            say what was built; no progress line\n"
    "  -h, --help               this text\n"
    "\n"
    "plain text (.txt):\n"
    "      --encoding CS        output encoding, any iconv name (default UTF-8); a character\n"
    "                           it cannot hold is an error unless --translit\n"
    "      --translit           replace such characters: æ→ae ø→oe å→aa «»→\" —→-, then iconv\n"
    "      --wrap N             hard-wrap at N characters (default: no wrapping, which screen\n"
    "                           readers and electronic braille reflow); 28 or 36 for paper "
    "braille\n"
    "      --crlf               Windows line ends\n"
    "      --page-marks         a line where each page of the print edition begins\n"
    "\n"
    "PDF and EPUB:\n"
    "      --paper A4|A5        print edition paper size (default A4)\n"
    "      --justify            justified text (default: ragged right, easier to read)\n"
    "      --fonts DIR          font folder (default: the fonts/ polidoc was installed with)\n"
    "      --epub-fonts         embed the fonts in the EPUB (default: reader's own font)\n"
    "\n"
    "examples:\n"
    "  polidoc build content/\n"
    "  polidoc build --formats txt --encoding ISO-8859-1 -o out content/plan.md\n"
    "  polidoc build --formats txt --encoding CP865 --translit --wrap 36 content/\n";

static void S_print_usage(FILE *f)
{
    pd_buf names = {0};
    for (const pd_format *fm = pd_formats; fm->name; fm++)
        pd_buf_printf(&names, "%s%s", names.len ? "," : "", fm->name);
    fprintf(f, S_usage, names.data ? names.data : "");
    pd_buf_free(&names);
}

static int S_usage_error(const char *fmt, const char *arg)
{
    fputs("polidoc build: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n(see `polidoc build --help`)\n", stderr);
    return 2;
}

static int S_parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* The fonts travel with polidoc: next to the binary in a checkout (bin/../fonts), or in the
 * data folder of the prefix it was installed into (bin/../share/polidoc/fonts), so an
 * installation works whatever PREFIX the binary was compiled with. */
static char *S_default_fonts_dir(void)
{
    const char *env = getenv("POLIDOC_FONTS");
    if (env && *env)
        return pd_xstrdup(env);
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *bin = pd_path_dir(exe);
        char *root = pd_path_dir(bin);
        static const char *const candidates[] = {"fonts", "share/polidoc/fonts"};
        char *found = NULL;
        for (size_t i = 0; i < 2 && !found; i++) {
            char *dir = pd_path_join(root, candidates[i]);
            struct stat st;
            if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
                found = dir;
            else
                free(dir);
        }
        free(bin);
        free(root);
        if (found)
            return found;
    }
    return pd_xstrdup(POLIDOC_DATADIR "/fonts");
}

int pd_cmd_build(int argc, char **argv)
{
    enum {
        O_ENCODING = 256,
        O_TRANSLIT,
        O_WRAP,
        O_CRLF,
        O_PAGE_MARKS,
        O_INPUT_ENCODING,
        O_PAPER,
        O_JUSTIFY,
        O_FONTS,
        O_EPUB_FONTS
    };
    static const struct option longopts[] = {
        {"formats", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"encoding", required_argument, NULL, O_ENCODING},
        {"translit", no_argument, NULL, O_TRANSLIT},
        {"wrap", required_argument, NULL, O_WRAP},
        {"crlf", no_argument, NULL, O_CRLF},
        {"page-marks", no_argument, NULL, O_PAGE_MARKS},
        {"input-encoding", required_argument, NULL, O_INPUT_ENCODING},
        {"paper", required_argument, NULL, O_PAPER},
        {"justify", no_argument, NULL, O_JUSTIFY},
        {"fonts", required_argument, NULL, O_FONTS},
        {"epub-fonts", no_argument, NULL, O_EPUB_FONTS},
        {NULL, 0, NULL, 0},
    };
    pd_build_options opt = {0};
    opt.formats = pd_formats_default();
    opt.out_dir = "out";
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    opt.jobs = ncpu > 0 ? (int)ncpu : 1;
    opt.paper = "A4";
    char *fonts_dir = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:j:vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': {
            const char *bad;
            size_t bad_len;
            if (pd_formats_parse(optarg, &opt.formats, &bad, &bad_len) < 0 || !opt.formats) {
                fprintf(stderr, "polidoc build: unknown format '%.*s' in --formats %s\n",
                        (int)bad_len, bad, optarg);
                S_print_usage(stderr);
                return 2;
            }
            break;
        }
        case 'o':
            opt.out_dir = optarg;
            break;
        case 'j':
            if (S_parse_int(optarg, 1, 256, &opt.jobs) < 0)
                return S_usage_error("--jobs wants a number from 1 to 256, not '%s'", optarg);
            break;
        case 'v':
            opt.verbose = 1;
            break;
        case 'h':
            S_print_usage(stdout);
            return 0;
        case O_ENCODING:
            opt.encoding = optarg;
            break;
        case O_TRANSLIT:
            opt.translit = 1;
            break;
        case O_WRAP:
            if (S_parse_int(optarg, 0, 100000, &opt.wrap) < 0 || (opt.wrap > 0 && opt.wrap < 10))
                return S_usage_error("--wrap wants 0 (no wrapping) or a width of at least 10, "
                                     "not '%s'",
                                     optarg);
            break;
        case O_CRLF:
            opt.crlf = 1;
            break;
        case O_PAGE_MARKS:
            opt.page_marks = 1;
            break;
        case O_INPUT_ENCODING:
            opt.load.input_encoding = optarg;
            break;
        case O_PAPER:
            if (strcasecmp(optarg, "A4") && strcasecmp(optarg, "A5"))
                return S_usage_error("--paper wants A4 or A5, not '%s'", optarg);
            opt.paper = optarg[1] == '5' ? "A5" : "A4";
            break;
        case O_JUSTIFY:
            opt.justify = 1;
            break;
        case O_FONTS:
            opt.fonts_dir = optarg;
            break;
        case O_EPUB_FONTS:
            opt.epub_fonts = 1;
            break;
        default:
            fputs("(see `polidoc build --help`)\n", stderr);
            return 2;
        }
    }
    if (optind >= argc)
        return S_usage_error("%s", "no sources given: name .md files or folders");
    if (!opt.fonts_dir)
        opt.fonts_dir = fonts_dir = S_default_fonts_dir();

    pd_diags *d = pd_diags_new();
    pd_inputs in;
    int rc = pd_inputs_collect(argv + optind, argc - optind, &in, d);
    /* The fonts are read once and shared by every worker; when they cannot be read, each
     * document that needs them fails with the reason, and the text editions still build. */
    pd_hyphenator_cache *hyphenators = pd_hyphenator_cache_new();
    opt.hyphenators = hyphenators;
    pd_fontset_cache *fonts = pd_fontset_cache_new(opt.fonts_dir);
    opt.fonts = fonts;
    pd_diags_print(d, stderr);
    pd_diags_free(d);
    int failed = pd_build_all(&in, &opt);
    if (failed || rc < 0)
        fprintf(stderr, "polidoc build: %d of %zu documents failed\n", failed, in.n);
    else if (opt.verbose)
        fprintf(stderr, "polidoc build: %zu documents built into %s/\n", in.n, opt.out_dir);
    pd_inputs_free(&in);
    pd_fontset_cache_free(fonts);
    pd_hyphenator_cache_free(hyphenators);
    free(fonts_dir);
    return failed || rc < 0 ? 1 : 0;
}
