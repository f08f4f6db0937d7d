/* stars_layout.c — where an award roster keeps each field: its header row mapped through the
 * [stars] group of the alias file (the model of a row is pure, in src/measures/stars.c). */
#include <string.h>

#include "guiyan/schema.h"
#include "guiyan/stars.h"

static const gy_colspec star_cols[GY_SF__COUNT] = {
    [GY_SF_NAME] = { "name", true },          [GY_SF_ID] = { "id_number", true },
    [GY_SF_COUNTY] = { "county", true },      [GY_SF_LEVEL] = { "level", true },
    [GY_SF_KIND] = { "category", true },      [GY_SF_ENTITY] = { "entity_name", false },
    [GY_SF_USCC] = { "uscc", false },         [GY_SF_YEAR] = { "year", true },
    [GY_SF_INDUSTRY] = { "industry", false }, [GY_SF_JOBS] = { "jobs", false },
    [GY_SF_OUTPUT] = { "output_value", false },
};

gy_error gy_star_layout_map(gy_star_layout *ly, const gy_aliases *al, const gy_row *header,
                            GError **err)
{
    memset(ly, 0, sizeof *ly);
    gy_error e = gy_header_map(al, "stars", star_cols, GY_SF__COUNT, header, ly->col, err);
    for (int f = 0; f < GY_SF__COUNT; f++)
        ly->head[f] = g_strdup(e == GY_OK && ly->col[f] >= 0 ? header->fields[ly->col[f]] : "");
    ly->output_unit = e == GY_OK && ly->col[GY_SF_OUTPUT] >= 0
                          ? gy_unit_from_header(ly->head[GY_SF_OUTPUT]) : GY_UNIT_WAN;
    if (e == GY_OK)
        gy_star_layout_judge(ly);
    return e;
}

const char *gy_star_field_key(int f)
{
    return f >= 0 && f < GY_SF__COUNT ? star_cols[f].key : "";
}
