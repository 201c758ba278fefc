#include "labels.h"

#include <string.h>

static const pd_labels S_tables[] = {
    {"nb",
     "Innhold",
     "Side %d av %d",
     "Side",
     "Bilde",
     "Lenker",
     "Revisjon",
     "Dato",
     "Status",
     "Organisasjon",
     "Tittelside",
     "Start på teksten",
     {"Utkast", "Høring", "Vedtatt", "Erstattet"}},
    {"nn",
     "Innhald",
     "Side %d av %d",
     "Side",
     "Bilete",
     "Lenkjer",
     "Revisjon",
     "Dato",
     "Status",
     "Organisasjon",
     "Tittelside",
     "Start på teksten",
     {"Utkast", "Høyring", "Vedteken", "Erstatta"}},
    {"se",
     "Sisdoallu",
     "Siidu %d / %d",
     "Siidu",
     "Govva",
     "Liŋkkat",
     "Revišuvdna",
     "Beaivi",
     "Stáhtus",
     "Organisašuvdna",
     "Namahussiidu",
     "Teaksta álgu",
     {"Evttohus", "Gulaskuddan", "Mearriduvvon", "Buhttejuvvon"}},
    {"en",
     "Contents",
     "Page %d of %d",
     "Page",
     "Image",
     "Links",
     "Revision",
     "Date",
     "Status",
     "Organisation",
     "Title page",
     "Start of text",
     {"Draft", "Consultation", "Adopted", "Superseded"}},
};

const pd_labels *pd_labels_for(const char *lang)
{
    if (lang) {
        for (size_t i = 0; i < sizeof S_tables / sizeof S_tables[0]; i++) {
            size_t n = strlen(S_tables[i].lang);
            if (!strncmp(lang, S_tables[i].lang, n) && (lang[n] == '\0' || lang[n] == '-'))
                return &S_tables[i];
        }
        /* "no" is the macrolanguage; Norwegian text without a variant is most often Bokmål. */
    }
    return &S_tables[0];
}

const char *pd_labels_status(const pd_labels *l, const char *status)
{
    static const char *keys[] = {"utkast", "høring", "vedtatt", "erstattet"};
    for (int i = 0; i < 4; i++)
        if (status && !strcmp(status, keys[i]))
            return l->statuses[i];
    return status;
}
