/* fuzz_uscc.c — unified social credit codes (src/fields/uscc.c): the one-pass path agrees
 * with the general parser, and an accepted code is 18 characters of GB 32100's alphabet, the
 * input in upper case, whose check character is the one the standard computes (weights
 * 3^i mod 31, worked out here rather than read from uscc.c's table). */
#include "fuzz.h"
#include "guiyan/fields.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static bool uscc_error(gy_error e)
{
    return e == GY_E_EMPTY || e == GY_E_USCC_LENGTH || e == GY_E_USCC_CHARS ||
           e == GY_E_USCC_CHECK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    char a[19] = "", b[19] = "";
    gy_error ea = gy_uscc_parse(s, a);
    gy_error eb = gy_uscc_parse_general(s, b);
    FUZZ_CHECK(ea == eb, "\"%s\": one pass %d, general %d", s, ea, eb);
    FUZZ_CHECK(ea == GY_OK || uscc_error(ea), "\"%s\": error %d", s, ea);
    if (ea == GY_OK) {
        FUZZ_CHECK(strcmp(a, b) == 0, "\"%s\": \"%s\" and \"%s\"", s, a, b);
        FUZZ_CHECK(strlen(s) == 18 && strlen(a) == 18, "\"%s\" gave \"%s\"", s, a);
        unsigned sum = 0, w = 1;
        for (int i = 0; i < 18; i++) {
            const char *at = strchr(alphabet, a[i]);
            FUZZ_CHECK(a[i] && at && a[i] == g_ascii_toupper(s[i]), "\"%s\" gave \"%s\"", s, a);
            if (i < 17) {
                sum += (unsigned)(at - alphabet) * w;
                w = w * 3 % 31;
            }
        }
        FUZZ_CHECK(a[17] == alphabet[(31 - sum % 31) % 31], "\"%s\": check character", a);
        char c[19];
        FUZZ_CHECK(gy_uscc_parse(a, c) == GY_OK && strcmp(a, c) == 0, "\"%s\" not stable", a);
    }
    free(s);
    return 0;
}
