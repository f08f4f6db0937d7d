/* error.c — message table for gy_error: English msgids for the terminal, Chinese for reports. */
#include "guiyan/error.h"
#include "guiyan/i18n.h"

G_DEFINE_QUARK(guiyan-error-quark, gy_error)

/* Designated by code, so that no row can sit at another code's place: the assertion below
 * catches a code added last without its row, gy_strerror a hole (no text) at run time. */
static const struct { const char *en; const char *zh; } table[] = {
    [GY_OK] = {             N_("no error"),                         "无错误" },
    [GY_E_NOMEM] = {        N_("out of memory"),                    "内存不足" },
    [GY_E_IO] = {           N_("input/output error"),               "读写错误" },
    [GY_E_USAGE] = {        N_("usage error"),                      "用法错误" },
    [GY_E_CONFIG] = {       N_("configuration error"),              "配置错误" },
    [GY_E_ENCODING] = {     N_("bytes not valid in the file's encoding"), "文字编码无效（文件可能不是所报编码）" },
    [GY_E_MISSING_COLUMN] = { N_("required column missing"),          "缺少必需的列" },
    [GY_E_NOT_TEXT] = {     N_("not a CSV text file"),              "不是 CSV 文本文件" },
    [GY_E_TOO_MANY_FILES] = { N_("more than 8192 input files"),       "输入文件超过 8192 个" },
    [GY_E_TOO_MANY_RECORDS] = { N_("more records than guiyan can hold"), "记录条数超过上限" },
    [GY_E_SUM_TOO_BIG] = {  N_("amounts add up to more than guiyan can count exactly"), "金额合计超过上限" },
    [GY_E_CSV] = {          N_("malformed CSV"),                    "CSV 格式错误" },
    [GY_E_FONT] = {         N_("no font covers the report's Chinese text"), "没有可显示中文的字体" },
    [GY_E_TEMPLATE] = {     N_("template error"),                   "模板错误" },
    [GY_E_FIELD_TOO_BIG] = { N_("cell longer than 64 KiB (a quote not closed?)"), "单元格内容超过 64 KiB（可能是引号没有闭合）" },
    [GY_E_ROW_TOO_BIG] = {  N_("row longer than 1 MiB"),            "这一行超过 1 MiB" },
    [GY_E_TOO_MANY_COLUMNS] = { N_("row has more than 4096 columns"),   "这一行超过 4096 列" },
    [GY_E_UNCLOSED_QUOTE] = { N_("quote not closed: from here to the end of the file is one cell"), "引号没有闭合：从这一行起直到文件末尾都成了一个单元格" },
    [GY_E_ROW_LONG] = {     N_("row has more cells than the header (a comma in a value without quotes?)"), "这一行的单元格比表头多（值里的逗号没有加引号？），各列可能错位" },
    [GY_E_ROW_SHORT] = {    N_("row has fewer cells than the header (cut short?)"), "这一行的单元格比表头少（行被截断？）" },
    [GY_E_EMPTY] = {        N_("value is empty"),                   "值为空" },
    [GY_E_DATE_FORMAT] = {  N_("not a date"),                       "不是可识别的日期" },
    [GY_E_DATE_INVALID] = { N_("no such day in the calendar"),      "日历上没有这一天" },
    [GY_E_DATE_RANGE] = {   N_("date outside 1949-2099"),           "日期不在 1949—2099 年之间" },
    [GY_E_AMOUNT_FORMAT] = { N_("not an amount"),                    "不是有效的金额" },
    [GY_E_AMOUNT_NEGATIVE] = { N_("amount is negative"),               "金额为负数" },
    [GY_E_AMOUNT_PRECISION] = { N_("amount finer than one fen"),        "金额小数位过多（精确到分以下）" },
    [GY_E_AMOUNT_TOO_BIG] = { N_("amount too large: over 100 亿元 (1,000,000 万元); yuan in a 万元 column?"),
      "金额过大：超过 100 亿元（1000000 万元），是否把元填进了万元列？" },
    [GY_E_COUNT_FORMAT] = { N_("not a whole number"),               "不是整数" },
    [GY_E_COUNT_NEGATIVE] = { N_("number is negative"),               "人数为负数" },
    [GY_E_COUNT_TOO_BIG] = { N_("number too large: over 1,000,000,000 (10 亿人)"), "人数过大：超过 10 亿人" },
    [GY_E_ID_LENGTH] = {    N_("ID number must have 18 (or 15) characters"), "身份证号码位数不对（应为 18 位或 15 位）" },
    [GY_E_ID_CHARS] = {     N_("ID number has characters other than digits and a final X"), "身份证号码含有数字和末位 X 以外的字符" },
    [GY_E_ID_CHECK] = {     N_("ID number check character is wrong"), "身份证号码校验位不对（可能抄错了一位）" },
    [GY_E_ID_BIRTHDATE] = { N_("ID number holds an impossible birth date"), "身份证号码中的出生日期不存在" },
    [GY_E_ID_EXCEL_SCI] = { N_("ID number was turned into scientific notation by Excel"), "身份证号码被 Excel 转成了科学计数法，原号码已丢失" },
    [GY_E_ID_EXCEL_ZEROS] = { N_("ID number lost its last digits to Excel (kept 15 digits, rest 000)"), "身份证号码被 Excel 截成 15 位有效数字（末尾变成 000），原号码已丢失" },
    [GY_E_USCC_LENGTH] = {  N_("credit code must have 18 characters"), "统一社会信用代码应为 18 位" },
    [GY_E_USCC_CHARS] = {   N_("credit code has characters outside GB 32100"), "统一社会信用代码含有不允许的字符" },
    [GY_E_USCC_CHECK] = {   N_("credit code check character is wrong"), "统一社会信用代码校验位不对" },
    [GY_E_COUNTY_UNKNOWN] = { N_("no such county"),                   "无法识别的县（市、区）" },
    [GY_E_COUNTY_AMBIGUOUS] = { N_("county name is ambiguous; give the full name or the code"), "县（市、区）名称有歧义，请写全称或行政区划代码" },
    [GY_E_COUNTY_OUTSIDE] = { N_("county is outside the region"),     "该县（市、区）不在统计地区内" },
    [GY_E_LOAN_NO_DATE] = { N_("loan amount without a valid disbursement date"), "有贷款金额但没有有效的发放日期" },
    [GY_E_DATE_AFTER_FILE] = { N_("date after the file was written"), "日期晚于文件的写入日期" },
    [GY_E_LEVEL] = {        N_("award level must be 市级 or 省级"), "级别应为市级或省级" },
    [GY_E_CATEGORY] = {     N_("unknown award category: use 返乡创业明星 (明星) or 返乡创业明星企业 (明星企业)"),
      "无法识别的类别，应为返乡创业明星（明星）或返乡创业明星企业（明星企业）" },
    [GY_E_INDICATOR_UNKNOWN] = { N_("unknown indicator"),            "无法识别的指标" },
    [GY_E_TOTAL_ROW] = {    N_("total row (合计), not a record: skipped"), "合计行，不是一条记录，未计入" },
    [GY_E_NOTE_ROW] = {     N_("note below the table, not a record: skipped"), "表格下方的说明文字，不是记录，未计入" },
};

_Static_assert(sizeof table / sizeof table[0] == GY_E__COUNT, "error table out of step with gy_error");

const char *gy_strerror(gy_error e)
{
    if ((unsigned)e >= GY_E__COUNT || !table[e].en)
        return "unknown error";
    return table[e].en;
}

const char *gy_reason_zh(gy_error e)
{
    if ((unsigned)e >= GY_E__COUNT || !table[e].en)
        return "未知错误";
    return table[e].zh;
}

gy_error gy_error_of(GError **err, gy_error dflt)
{
    if (!err)
        return dflt;
    if (!*err) {
        g_critical("a failure without a message (gy_error %d)", (int)dflt);
        return dflt;
    }
    return (*err)->domain == GY_ERROR ? (gy_error)(*err)->code : GY_E_IO;
}
