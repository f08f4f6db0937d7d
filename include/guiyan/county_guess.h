/* county_guess.h — what to make of a county text the region's spellings do not name: an
 * unambiguous start of a county's name (峨眉 → 峨眉山市), a county followed by a township
 * (犍为县清溪镇 → 犍为县, with a note), the candidates of an ambiguous name with their codes,
 * and the nearest names when there is no such county. Pure: no I/O. */
#ifndef GUIYAN_COUNTY_GUESS_H
#define GUIYAN_COUNTY_GUESS_H

#include "guiyan/county.h"

typedef enum {
    GY_COUNTY_EXACT,        /* a spelling of the region's (gy_region_resolve) */
    GY_COUNTY_SHORT,        /* the start of one county's name, no other's */
    GY_COUNTY_TOWNSHIP,     /* a county, then a township, 街道 or village of it */
} gy_county_how;

/* Resolve text as gy_region_resolve does, then try the guesses above. GY_OK with *idx and
 * *how; or the error with *detail (newly allocated, or NULL) saying more: for
 * GY_E_COUNTY_AMBIGUOUS the candidates "内江市市中区 511002、乐山市市中区 511102" (each a spelling that resolves), for
 * GY_E_COUNTY_UNKNOWN the nearest names of the region. For GY_COUNTY_TOWNSHIP *detail is the
 * note "犍为县 (清溪镇 is a township of it)"-style text. */
gy_error gy_county_guess(const gy_region *rg, const char *text, size_t *idx,
                         gy_county_how *how, char **detail);

#endif
