/* targets_template.h — a blank 目标任务分解表 for the city to fill in: the region's counties
 * down (GB/T 2260 order), every indicator across with its unit in the header, a 合计 row;
 * exactly what gy_targets_load reads back. */
#ifndef GUIYAN_TARGETS_TEMPLATE_H
#define GUIYAN_TARGETS_TEMPLATE_H

#include <glib.h>
#include "guiyan/county.h"
#include "guiyan/error.h"
#include "guiyan/indicator.h"

/* Write the blank table for `year` (0: no year in the title) to path (.xlsx, through
 * gy_output: a temporary file renamed into place). GY_E_IO with *err on failure. */
gy_error gy_targets_template(const char *path, const gy_region *rg, const gy_indicators *inds,
                             int year, GError **err);

#endif
