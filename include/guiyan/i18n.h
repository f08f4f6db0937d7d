/* i18n.h — gettext for program messages (English msgids, zh_CN catalogue in po/). */
#ifndef GUIYAN_I18N_H
#define GUIYAN_I18N_H

#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)

#endif
