/* types.h — the few scalar types every guiyan module shares. */
#ifndef GUIYAN_TYPES_H
#define GUIYAN_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A calendar day as a GDate Julian day number (1 = 0001-01-01); 0 means "no date". */
typedef int32_t gy_day;
#define GY_NO_DAY 0

/* Money in fen (0.01 yuan). Never a double: sums stay exact. 1 万元 = 1,000,000 fen. */
typedef int64_t gy_fen;
#define GY_FEN_PER_YUAN INT64_C(100)
#define GY_FEN_PER_WAN  INT64_C(1000000)
#define GY_FEN_PER_YI   INT64_C(10000000000)

/* A month as year*12 + (month-1); the unit of the cube's time axis. */
typedef int32_t gy_month;
#define GY_MONTH(y, m) ((gy_month)((y) * 12 + ((m) - 1)))
#define GY_MONTH_YEAR(k) ((int)((k) / 12))
#define GY_MONTH_NUM(k) ((int)((k) % 12) + 1)

#endif
