#include "commands.h"

/* Placeholder until the OCR repair engine lands (issue 3). */
int pd_cmd_normalize(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return pd_cmd_unavailable("normalize");
}
