/* install.h — where an installed guiyan finds its files: beside the binary, not the build
 * folder that compiled it (PREFIX/bin/guiyan → PREFIX/share/…). */
#ifndef GUIYAN_INSTALL_H
#define GUIYAN_INSTALL_H

/* PREFIX/share/sub for the running binary at PREFIX/bin/guiyan, when that folder exists;
 * else NULL (a binary run from the build folder). Newly allocated. */
char *gy_install_dir(const char *sub);

#endif
