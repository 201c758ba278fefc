#include "commands.h"

#include <stdio.h>

int pd_cmd_unavailable(const char *name)
{
    fprintf(stderr, "polidoc %s: not available yet in this version\n", name);
    return 2;
}

int pd_cmd_archive(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return pd_cmd_unavailable("archive");
}

int pd_cmd_verify(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return pd_cmd_unavailable("verify");
}
