/* gensamples.c — deterministic sample data for guiyan: the Leshan exports of 返乡创业实名制台账
 * (2019 – 2021-06-30) whose figures reproduce the bureau's reply of 2021-06-15, the 2021 targets,
 * the 2020 award roster, a small messy export with every kind of bad row, and large benchmark
 * exports. Own PRNG with fixed seeds and no clock: the same bytes on every run.
 *
 *   gensamples samples DIR      write the committed samples into DIR and DIR/messy
 *   gensamples bench ROWS FILE  write a benchmark export of ROWS rows (≈ 185 bytes a row)
 *   gensamples training ROWS FILE  a benchmark 培训台账 of ROWS rows (≈ 150 bytes a row)
 *   gensamples xlsx CSV FILE    save a CSV export (the bench's) as an .xlsx workbook the way a
 *                               system exports one: ID numbers and codes as text, numbers as
 *                               numbers, dates as date cells (libxlsxwriter, constant memory)
 *
 * A stand-alone tool: it does not link libguiyan, so the samples do not inherit its bugs. */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <csv.h>
#include <xlsxwriter.h>

/* ------------------------------------------------------------------------------------------ */
/* PRNG: splitmix64, one stream per purpose so a change in one file leaves the others alone.  */

typedef struct { uint64_t s; } rng;

static uint64_t rng_u64(rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_u64(r) >> 32) * (uint64_t)n) >> 32);
}

static int rng_between(rng *r, int lo, int hi)   /* inclusive */
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static bool rng_chance(rng *r, int per_mille)
{
    return (int)rng_below(r, 1000) < per_mille;
}

static int rng_weighted(rng *r, const int *w, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    int x = (int)rng_below(r, (uint32_t)total);
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

#define PICK(r, arr) ((arr)[rng_below((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])
#define COUNT_OF(arr) ((int)(sizeof(arr) / sizeof((arr)[0])))

/* ------------------------------------------------------------------------------------------ */
/* Calendar: days since 1970-01-01 (H. Hinnant's algorithms).                                 */

static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
    static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static int year_of(int day) { int y, m, d; civil_from_days(day, &y, &m, &d); return y; }
static int month_of(int day) { int y, m, d; civil_from_days(day, &y, &m, &d); return y * 12 + m - 1; }

#define EXCEL_EPOCH 25569   /* Excel serial of 1970-01-01 (1900 date system) */

enum { DF_SLASH, DF_CN, DF_ISO, DF_COMPACT, DF_SERIAL, DF_ISO_TIME, DF_DOT };

static void fmt_date(char *buf, size_t n, int day, int style, int tod)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    switch (style) {
    case DF_SLASH:   snprintf(buf, n, "%d/%d/%d", y, m, d); break;
    case DF_DOT:     snprintf(buf, n, "%d.%d.%d", y, m, d); break;
    case DF_CN:      snprintf(buf, n, "%d年%d月%d日", y, m, d); break;
    case DF_COMPACT: snprintf(buf, n, "%04d%02d%02d", y, m, d); break;
    case DF_SERIAL:  snprintf(buf, n, "%d", day + EXCEL_EPOCH); break;
    case DF_ISO_TIME:
        snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, tod / 3600, tod / 60 % 60, tod % 60);
        break;
    default:         snprintf(buf, n, "%04d-%02d-%02d", y, m, d); break;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Check characters: GB 11643 (ID numbers), GB 11714 (organisation codes), GB 32100 (USCC).   */

static char id_check(const char *d17)
{
    static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    int s = 0;
    for (int i = 0; i < 17; i++)
        s += (d17[i] - '0') * w[i];
    return "10X98765432"[s % 11];
}

static const char USCC_ALPHA[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int uscc_value(char c)
{
    const char *p = strchr(USCC_ALPHA, c);
    return p ? (int)(p - USCC_ALPHA) : 0;
}

static char uscc_check(const char *c17)
{
    static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
    int s = 0;
    for (int i = 0; i < 17; i++)
        s += uscc_value(c17[i]) * w[i];
    return USCC_ALPHA[(31 - s % 31) % 31];
}

static char orgcode_check(const char *c8)
{
    static const int w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
    int s = 0;
    for (int i = 0; i < 8; i++) {
        char c = c8[i];
        s += (c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10) * w[i];
    }
    int v = 11 - s % 11;
    return v == 10 ? 'X' : v == 11 ? '0' : (char)('0' + v);
}

/* An 18-character USCC: 9 (工商) + kind (1 企业, 2 个体工商户, 3 农民专业合作社) + area +
 * organisation code "MA" + 6 characters + GB 11714 check, then the GB 32100 check. */
static void make_uscc(rng *r, char kind, const char *area, char out[19])
{
    static const char body[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    out[0] = '9';
    out[1] = kind;
    memcpy(out + 2, area, 6);
    out[8] = 'M';
    out[9] = 'A';
    for (int i = 10; i < 16; i++)
        out[i] = body[rng_below(r, 31)];
    out[16] = orgcode_check(out + 8);
    out[17] = uscc_check(out);
    out[18] = '\0';
}

static void make_id(const char *area, int birth_day, int seq, char out[19])
{
    int y, m, d;
    civil_from_days(birth_day, &y, &m, &d);
    snprintf(out, 19, "%.6s%04d%02d%02d%03d", area, y, m, d, seq % 1000);
    out[17] = id_check(out);
    out[18] = '\0';
}

/* The 15-digit legacy form of an ID of someone born in the 1900s. */
static void id_legacy(const char *id18, char out[16])
{
    memcpy(out, id18, 6);
    memcpy(out + 6, id18 + 8, 9);
    out[15] = '\0';
}

/* ------------------------------------------------------------------------------------------ */
/* Leshan (GB/T 2260 order) plus 乐山高新区, and the words the names are made of.             */

enum { N_COUNTY = 12, GAOXIN = 11 };

typedef struct {
    const char *code;       /* "" for 高新区 */
    const char *name;       /* official name */
    const char *prefix;     /* how an entity name starts: 乐山市市中区, 犍为县 */
    const char *label;      /* how a shop name starts: 市中区, 峨边县 */
    const char *alt[3];     /* short spellings seen in exports */
    const char *area;       /* area part of ID numbers and credit codes */
    int weight;             /* share of the records */
    int yi;                 /* per mille of Yi names */
    bool tea;               /* tea country */
    const char *towns[13];
} county_def;

static const county_def COUNTY[N_COUNTY] = {
    { "511102", "市中区", "乐山市市中区", "市中区", { NULL }, "511102", 190, 0, false,
      { "苏稽镇", "水口镇", "茅桥镇", "安谷镇", "棉竹镇", "牟子镇", "九峰镇", "悦来镇", "平兴镇", "白马镇", "通江街道", "土主镇", NULL } },
    { "511111", "沙湾区", "乐山市沙湾区", "沙湾区", { NULL }, "511111", 55, 0, false,
      { "嘉农镇", "太平镇", "踏水镇", "牛石镇", "福禄镇", "葫芦镇", "轸溪镇", "谭坝镇", NULL } },
    { "511112", "五通桥区", "乐山市五通桥区", "五通桥区", { "五通桥", NULL }, "511112", 80, 0, false,
      { "竹根镇", "牛华镇", "金粟镇", "西坝镇", "金山镇", "冠英镇", "石麟镇", "桥沟镇", "辉山镇", "蔡金镇", NULL } },
    { "511113", "金口河区", "乐山市金口河区", "金口河区", { "金口河", NULL }, "511113", 12, 100, false,
      { "永和镇", "金河镇", "和平彝族乡", "共安彝族乡", "吉星乡", "永胜乡", NULL } },
    { "511123", "犍为县", "犍为县", "犍为县", { "犍为", NULL }, "511123", 110, 0, true,
      { "玉津镇", "孝姑镇", "清溪镇", "罗城镇", "石溪镇", "铁炉镇", "寿保镇", "芭沟镇", "新民镇", "龙孔镇", "定文镇", NULL } },
    { "511124", "井研县", "井研县", "井研县", { "井研", NULL }, "511124", 85, 0, false,
      { "研城镇", "马踏镇", "竹园镇", "研经镇", "周坡镇", "千佛镇", "王村镇", "三江镇", "东林镇", "宝五镇", NULL } },
    { "511126", "夹江县", "夹江县", "夹江县", { "夹江", NULL }, "511126", 85, 0, true,
      { "漹城镇", "黄土镇", "甘江镇", "界牌镇", "中兴镇", "三洞镇", "吴场镇", "木城镇", "华头镇", "甘霖镇", "马村镇", NULL } },
    { "511129", "沐川县", "沐川县", "沐川县", { "沐川", NULL }, "511129", 60, 0, true,
      { "沐溪镇", "永福镇", "大楠镇", "箭板镇", "舟坝镇", "黄丹镇", "利店镇", "底堡乡", "幸福乡", "武圣乡", NULL } },
    { "511132", "峨边彝族自治县", "峨边彝族自治县", "峨边县", { "峨边县", "峨边", NULL }, "511132", 45, 330, false,
      { "沙坪镇", "大堡镇", "毛坪镇", "五渡镇", "新林镇", "黑竹沟镇", "红花乡", "宜坪乡", "杨村乡", "金岩乡", NULL } },
    { "511133", "马边彝族自治县", "马边彝族自治县", "马边县", { "马边县", "马边", NULL }, "511133", 50, 380, true,
      { "民建镇", "荣丁镇", "下溪镇", "苏坝镇", "烟峰镇", "劳动乡", "建设乡", "高卓营乡", "雪口山乡", NULL } },
    { "511181", "峨眉山市", "峨眉山市", "峨眉山市", { NULL }, "511181", 170, 0, true,
      { "绥山镇", "高桥镇", "罗目镇", "九里镇", "龙池镇", "符溪镇", "双福镇", "桂花桥镇", "大为镇", "黄湾镇", "峨山街道", "胜利街道", NULL } },
    { "", "乐山高新区", "乐山高新区", "高新区", { "高新区", NULL }, "511100", 18, 0, false,
      { "车子镇", "青江社区", "迎宾社区", NULL } },
};

static int county_weights[N_COUNTY];

static int n_towns(int c)
{
    int n = 0;
    while (COUNTY[c].towns[n])
        n++;
    return n;
}

static int n_alts(int c)
{
    int n = 0;
    while (COUNTY[c].alt[n])
        n++;
    return n;
}

static const char *const SURNAME[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "罗", "高", "林", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任",
    "沈", "姚", "卢", "钟", "谭", "廖", "付", "邹", "熊", "邱", "雷", "龙", "毛", "万", "严", "文",
    "敖", "税", "帅", "母", "鄢", "苟", "向", "游", "阳", "宋", "汪", "易",
};
static const int SURNAME_W[] = {
    70, 70, 60, 50, 50, 50, 30, 30, 30, 30, 20, 10, 20, 20, 20, 20,
    30, 40, 10, 10, 10, 10, 20, 20, 20, 10, 10, 20, 20, 10, 30, 20,
    20, 10, 10, 20, 10, 10, 10, 20, 20, 10, 10, 10, 10, 10, 10, 10,
    10, 10, 10, 20, 10, 20, 20, 10, 10, 10, 20, 10, 10, 10, 10, 10,
    8, 6, 5, 5, 5, 6, 8, 6, 6, 10, 8, 6,
};
_Static_assert(sizeof SURNAME / sizeof SURNAME[0] == sizeof SURNAME_W / sizeof SURNAME_W[0],
               "surname weights out of step");

static const char *const GIVEN_M[] = {
    "伟", "强", "军", "勇", "杰", "涛", "明", "斌", "超", "波", "辉", "刚", "平", "华", "林", "鹏",
    "建", "国", "志", "俊", "兵", "东", "文", "海", "洪", "春", "成", "德", "福", "贵", "富", "银",
    "元", "川", "彬", "洋", "宇", "浩", "峰", "龙", "云", "忠", "全", "祥", "荣", "先", "贤", "胜",
    "学", "良", "江", "金", "永", "光", "树", "安", "中", "刚", "登", "万",
};
static const char *const GIVEN_F[] = {
    "芳", "娟", "敏", "静", "丽", "艳", "霞", "燕", "玲", "梅", "琴", "红", "英", "秀", "兰", "萍",
    "婷", "雪", "莉", "琳", "慧", "娇", "倩", "蓉", "丹", "珍", "凤", "群", "琼", "淑", "惠", "月",
    "莲", "玉", "洁", "佳", "颖", "晓", "春", "桂",
};
static const char *const YI_CLAN[] = {
    "阿西", "吉克", "沙马", "阿苏", "海来", "吉伍", "俄木", "马海", "勒格", "曲比", "阿的", "木乃",
    "瓦扎", "莫色", "阿约", "的日", "吉木", "阿尔",
};
static const char *const YI_GIVEN[] = {
    "阿呷", "拉哈", "木呷", "尔古", "日哈", "阿牛", "石者", "依作", "伍各", "拉则", "阿支", "么木",
    "尔布", "子洛", "有呷", "约哈", "拉格", "伍沙", "阿果", "日格",
};
static const char *const BRAND[] = {
    "兴旺", "鑫源", "鸿发", "金穗", "绿源", "嘉州", "凌云", "青衣", "大渡河", "峨秀", "福满", "顺达",
    "宏达", "永丰", "聚福", "恒通", "华美", "佳禾", "丰泽", "益民", "新农", "乡情", "归雁", "云上",
    "山水", "竹海", "茶香", "金顶", "祥和", "瑞丰", "天润", "百川", "众鑫", "康源", "荣昌", "万家",
    "惠民", "利民", "同心", "锦程", "鼎盛", "润泽", "源丰", "腾达", "乐源", "龙腾", "沫若", "三江",
    "海棠", "明珠", "嘉禾", "富民", "金凤", "馨悦", "蜀韵", "川南", "岷江", "绿野", "田园", "勤耕",
};
static const char *const CROP[] = {
    "水果", "蔬菜", "柑橘", "猕猴桃", "中药材", "食用菌", "花卉苗木", "葡萄", "竹笋", "茶叶", "魔芋", "花椒",
};
static const char *const LIVESTOCK[] = {
    "生猪", "肉牛", "山羊", "蛋鸡", "肉鸭", "水产", "蜜蜂", "黑山羊", "乌骨鸡", "土鸡",
};
static const char *const PRODUCT[] = {
    "豆腐干", "腊肉", "粉条", "豆瓣", "麻辣牛肉", "甜皮鸭", "红糖", "米花糖", "泡菜", "菜籽油",
};

/* An industry: the 行业 column and how its entities are named. A form starts with the credit
 * code kind (1 企业, 2 个体工商户, 3 合作社); {C} prefix, {c} label, {S} surname, {N} name,
 * {B} brand, {T} town, {P} crop, {Q} livestock, {R} product. */
typedef struct {
    const char *label;
    int weight;
    const char *forms[6];
} industry_def;

static const industry_def INDUSTRY[] = {
    { "种植业", 160, { "3{C}{S}记{P}种植专业合作社", "2{C}{T}{N}家庭农场", "1{C}{B}农业开发有限公司",
                        "3{C}{T}{B}果蔬专业合作社", "2{c}{T}{N}{P}种植园", NULL } },
    { "养殖业", 120, { "2{C}{T}{N}{Q}养殖场", "3{C}{S}记{Q}养殖专业合作社", "1{C}{B}生态养殖有限公司",
                        "2{c}{T}{N}家庭农场", NULL } },
    { "茶叶种植加工", 60, { "1{C}{S}氏茶叶加工厂", "1{C}{B}茶业有限公司", "3{C}{T}{B}茶叶专业合作社",
                            "2{c}{N}茶叶店", NULL } },
    { "农产品加工", 60, { "1{C}{B}食品有限公司", "1{C}{S}记{R}加工厂", "2{c}{N}{R}作坊", NULL } },
    { "餐饮", 140, { "2{c}{N}小吃店", "2{c}{T}{B}火锅店", "2{c}{S}记跷脚牛肉店", "2{c}{S}记钵钵鸡店",
                     "2{c}{B}中餐馆", "2{c}{N}豆花饭店" } },
    { "住宿", 50, { "2{C}{B}民宿", "2{C}{T}{B}客栈", "1{C}{B}酒店管理有限公司", NULL } },
    { "批发零售", 140, { "2{c}{B}便利店", "2{c}{N}日杂店", "2{c}{T}{B}超市", "1{C}{B}商贸有限公司",
                         "2{c}{N}农资店", NULL } },
    { "电子商务", 50, { "1乐山{B}{S}氏电子商务有限公司", "2{c}{N}网店", NULL } },
    { "建筑装饰", 60, { "1乐山{B}建筑劳务有限公司", "1{C}{B}装饰工程有限公司", "2{c}{N}装修队", NULL } },
    { "交通运输", 40, { "1乐山{B}物流有限公司", "2{c}{N}货运部", NULL } },
    { "制造业", 50, { "1{C}{B}机械加工厂", "1{C}{B}竹木制品有限公司", "1{C}{B}建材有限公司",
                      "2{c}{S}氏手工纸作坊", NULL } },
    { "汽车摩托车修理", 30, { "2{c}{N}汽车修理部", "2{c}{B}摩托车维修店", NULL } },
    { "居民服务", 50, { "2{c}{B}家政服务部", "2{c}{N}理发店", "2{c}{B}美容美发店", NULL } },
    { "文化旅游", 20, { "1{C}{B}文化旅游开发有限公司", "1乐山{B}旅行社有限公司", NULL } },
};
enum { N_INDUSTRY = COUNT_OF(INDUSTRY), IND_TEA = 2 };

/* 备注: some with a comma, quotes or an embedded line break (Alt+Enter in Excel). */
static const char *const NOTE[] = {
    "已回访", "经营正常", "已办理营业执照", "享受一次性创业补贴", "创业担保贷款已结清",
    "疫情期间暂停营业,现已复工", "带动脱贫户就业", "电商直播带货", "入驻创业孵化基地",
    "\"归雁兴嘉\"回引项目", "已回访\n经营正常,拟扩大规模", "租用村集体闲置厂房", "返乡前在广东务工",
    "返乡前在浙江务工,从事电子装配", "夫妻共同创业",
};
enum { NOTE_MULTILINE = 10 };

/* ------------------------------------------------------------------------------------------ */
/* The ledger: persons, entities, records.                                                    */

typedef struct {
    char id[19];
    char surname[16];
    char name[40];
    bool male;
    bool legacy;        /* written as 15 digits in the 2019 export */
    int home;
} person;

typedef struct {
    char name[200];
    char uscc[19];      /* "" when the records give none */
    int county;
    int industry;
} entity;

enum { ROLE_NOENT = 1, ROLE_REUSE = 2, ROLE_OWNER = 4, ROLE_STAR = 8, ROLE_REPEAT = 16 };

typedef struct {
    int person, county, start, tod;
    int entity;          /* -1: no entity name */
    int owner;           /* the record whose entity a ROLE_REUSE record shares */
    int industry;
    int jobs;
    bool jobs_blank;
    int64_t loan;        /* fen; 0 = no loan */
    int loan_day;
    int64_t output;      /* fen; -1 = blank */
    char phone[12];
    int note;            /* -1: none */
    uint32_t form;       /* random bits choosing spellings */
    int role;
} record;

enum { MAX_PERSONS = 26000, MAX_RECORDS = 26000, MAX_ENTITIES = 26000 };

static person *P;
static int np;
static record *R;
static int nr;
static entity *E;
static int ne;
static GHashTable *id_seen;     /* 17-digit prefixes in use */
static GHashTable *name_seen;   /* entity names in use */
static GHashTable *uscc_seen;

#define FEN_PER_WAN INT64_C(1000000)

/* Seed figures (the bureau's reply of 2021-06-15). */
enum {
    N1_PERSONS = 18512,     /* A: distinct persons started 2019 – 2020 (1.85万人) */
    N1_REPEAT = 310,        /*    of whom start twice */
    N1_NOENT = 560,         /*    records without an entity name */
    N1_REUSE = 369,         /*    records sharing another person's entity → B = 17,893 */
    N2_RETURN = 45,         /* E: 2021-01-01..06-15: persons who started before */
    N2_NEW = 1390,          /*    new persons → 1435 */
    N2_REPEAT = 15,         /*    start twice in the window */
    N2_NOENT = 745,
    N2_REUSE = 30,          /*    → 1450 − 745 − 30 = 675 entities */
    N2_CROSS = 10,          /*    records joining an entity of 2019 – 2020 */
    N3_NEW = 75,            /* 2021-06-16..06-30 */
    N3_REPEAT = 5,
    N3_NOENT = 30,
    JOBS_2020 = 3146,
};
static const int64_t LOAN_2020_LO = 18750 * FEN_PER_WAN, LOAN_2020_HI = 18850 * FEN_PER_WAN - 10000;
static const int64_t OUT_2021_LO = 15450 * FEN_PER_WAN, OUT_2021_HI = 15550 * FEN_PER_WAN - 10000;
/* Where the adjustments aim, well inside the ranges; each window is at least as wide as the
 * largest step that adjusts into it (20 万元 loans, 50 万元 outputs). */
static const int64_t LOAN_AIM_LO = 18785 * FEN_PER_WAN, LOAN_AIM_HI = 18815 * FEN_PER_WAN;
static const int64_t OUT_AIM_LO = 15475 * FEN_PER_WAN, OUT_AIM_HI = 15525 * FEN_PER_WAN;

static int D2019_0101, D2020_0101, D2020_1201, D2021_0101, D2021_0615, D2021_0616, D2021_0630;

static void die(const char *fmt, ...) G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN;
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gensamples: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static int pick_county(rng *r)
{
    return rng_weighted(r, county_weights, N_COUNTY);
}

static int new_person(rng *r, int home)
{
    if (np >= MAX_PERSONS)
        die("too many persons");
    person *p = &P[np];
    memset(p, 0, sizeof *p);
    p->home = home;
    p->male = rng_chance(r, 660);
    if (COUNTY[home].yi && rng_chance(r, COUNTY[home].yi)) {
        g_strlcpy(p->surname, PICK(r, YI_CLAN), sizeof p->surname);
        snprintf(p->name, sizeof p->name, "%s%s", p->surname, PICK(r, YI_GIVEN));
    } else {
        g_strlcpy(p->surname, SURNAME[rng_weighted(r, SURNAME_W, COUNT_OF(SURNAME))], sizeof p->surname);
        int len = rng_chance(r, 330) ? 1 : 2;
        GString *g = g_string_new(p->surname);
        for (int i = 0; i < len; i++)
            g_string_append(g, p->male ? PICK(r, GIVEN_M) : PICK(r, GIVEN_F));
        g_strlcpy(p->name, g->str, sizeof p->name);
        g_string_free(g, TRUE);
    }
    /* Hukou: mostly the county of the startup; 高新区 people are registered in 市中区. */
    int hk = home == GAOXIN ? 0 : home;
    if (rng_chance(r, 80))
        hk = rng_below(r, N_COUNTY - 1);
    for (;;) {
        int by = 1960 + (rng_between(r, 0, 40) + rng_between(r, 0, 40)) / 2;
        int bday = days_from_civil(by, 1, 1) + rng_between(r, 0, 364);
        int seq = rng_between(r, 0, 499) * 2 + (p->male ? 1 : 0);
        make_id(COUNTY[hk].code, bday, seq, p->id);
        char key[18];
        memcpy(key, p->id, 17);
        key[17] = '\0';
        if (!g_hash_table_contains(id_seen, key)) {
            g_hash_table_add(id_seen, g_strdup(key));
            break;
        }
    }
    return np++;
}

static int month_day(rng *r, int year, const int *mw, int months, int lo_day, int hi_day)
{
    for (;;) {
        int m = 1 + rng_weighted(r, mw, months);
        int d = rng_between(r, 1, days_in_month(year, m));
        int day = days_from_civil(year, m, d);
        if (day >= lo_day && day <= hi_day)
            return day;
    }
}

static const int MW_2019[12] = { 10, 14, 12, 9, 8, 7, 7, 7, 8, 8, 8, 9 };
static const int MW_2020[12] = { 9, 3, 9, 11, 11, 10, 9, 9, 9, 8, 8, 9 };
static const int MW_2021[6] = { 9, 13, 13, 10, 9, 8 };

static void make_phone(rng *r, char out[12])
{
    static const char second[] = "3578899";
    out[0] = '1';
    out[1] = second[rng_below(r, 7)];
    for (int i = 2; i < 11; i++)
        out[i] = (char)('0' + rng_below(r, 10));
    out[11] = '\0';
}

static int new_record(rng *r, int who, int county, int start)
{
    if (nr >= MAX_RECORDS)
        die("too many records");
    record *x = &R[nr];
    memset(x, 0, sizeof *x);
    x->person = who;
    x->county = county;
    x->start = start;
    x->tod = rng_between(r, 8 * 3600, 18 * 3600 - 1);
    x->entity = -1;
    x->owner = -1;
    x->output = -1;
    x->jobs_blank = true;
    x->note = rng_chance(r, 60) ? (int)rng_below(r, COUNT_OF(NOTE)) : -1;
    if (x->note == NOTE_MULTILINE && !rng_chance(r, 300))
        x->note = 0;                    /* keep the multi-line 备注 rare */
    x->form = (uint32_t)rng_u64(r);
    make_phone(r, x->phone);
    /* industry, tea counties lean to tea */
    int w[N_INDUSTRY];
    for (int i = 0; i < N_INDUSTRY; i++)
        w[i] = INDUSTRY[i].weight;
    w[IND_TEA] = COUNTY[county].tea ? 140 : 15;
    x->industry = rng_weighted(r, w, N_INDUSTRY);
    return nr++;
}

/* Expand an entity name form. */
static void expand_form(rng *r, GString *out, const char *form, int county, const person *p, bool quoted)
{
    const county_def *c = &COUNTY[county];
    for (const char *s = form + 1; *s; s++) {
        if (*s != '{' || !s[1] || s[2] != '}') {
            g_string_append_c(out, *s);
            continue;
        }
        switch (s[1]) {
        case 'C': g_string_append(out, c->prefix); break;
        case 'c': g_string_append(out, c->label); break;
        case 'S': g_string_append(out, p->surname); break;
        case 'N': g_string_append(out, p->name); break;
        case 'B':
            if (quoted)
                g_string_append_printf(out, "\"%s\"", PICK(r, BRAND));
            else
                g_string_append(out, PICK(r, BRAND));
            break;
        case 'T': g_string_append(out, c->towns[rng_below(r, (uint32_t)n_towns(county))]); break;
        case 'P': g_string_append(out, PICK(r, CROP)); break;
        case 'Q': g_string_append(out, PICK(r, LIVESTOCK)); break;
        case 'R': g_string_append(out, PICK(r, PRODUCT)); break;
        default: g_string_append_c(out, '?'); break;
        }
        s += 2;
    }
}

/* A new entity for record x, with a name no other entity has. */
static bool firm_form(const char *form) { return form[0] != '2'; }

static bool industry_has_firm(int industry)
{
    for (int i = 0; i < 6 && INDUSTRY[industry].forms[i]; i++)
        if (firm_form(INDUSTRY[industry].forms[i]))
            return true;
    return false;
}

/* need_uscc: the entity carries a credit code; firm: a company or cooperative, not a 个体工商户. */
static int new_entity(rng *r, record *x, bool need_uscc, bool firm)
{
    if (ne >= MAX_ENTITIES)
        die("too many entities");
    entity *e = &E[ne];
    memset(e, 0, sizeof *e);
    e->county = x->county;
    e->industry = x->industry;
    const industry_def *ind = &INDUSTRY[x->industry];
    int nforms = 0;
    while (nforms < 6 && ind->forms[nforms])
        nforms++;
    GString *g = g_string_new(NULL);
    char kind = '2';
    bool quoted = rng_chance(r, 2);
    for (int attempt = 0;; attempt++) {
        const char *form = ind->forms[rng_below(r, (uint32_t)nforms)];
        if (firm && !firm_form(form))
            continue;
        kind = form[0];
        g_string_truncate(g, 0);
        expand_form(r, g, form, x->county, &P[x->person], quoted);
        if (attempt >= 40)
            g_string_append(g, attempt % 2 ? "二店" : "分店");
        if (attempt >= 60)
            g_string_append_printf(g, "%d", attempt);
        if (!g_hash_table_contains(name_seen, g->str))
            break;
    }
    g_strlcpy(e->name, g->str, sizeof e->name);
    g_string_free(g, TRUE);
    g_hash_table_add(name_seen, e->name);
    if (need_uscc || rng_chance(r, kind == '2' ? 560 : 860)) {
        do
            make_uscc(r, kind, COUNTY[e->county].area, e->uscc);
        while (g_hash_table_contains(uscc_seen, e->uscc));
        g_hash_table_add(uscc_seen, e->uscc);
    }
    return ne++;
}

/* Loan amounts in 0.01 万元 (100 yuan). */
static int64_t loan_amount(rng *r)
{
    static const int amt[] = { 500, 800, 1000, 1200, 1500, 2000, 3000, 5000, 10000, 20000 };
    static const int w[] = { 80, 40, 220, 40, 180, 240, 60, 50, 20, 8 };
    int64_t v;
    if (rng_chance(r, 100))
        v = rng_between(r, 30, 200) * 10;     /* 3.0 – 20.0 万元 in 0.1 steps */
    else
        v = amt[rng_weighted(r, w, COUNT_OF(w))];
    return v * 10000;
}

static int64_t small_loan(rng *r)
{
    static const int amt[] = { 500, 1000, 1500, 2000 };
    return (int64_t)PICK(r, amt) * 10000;
}

static int job_count(rng *r)
{
    static const int w[] = { 0, 22, 26, 18, 10, 8, 5, 4, 3, 2, 2 };   /* 1..10 */
    if (rng_chance(r, 40))
        return rng_between(r, 11, 30);
    return rng_weighted(r, w, COUNT_OF(w));
}

static bool in_p1(const record *x) { return x->start < D2021_0101; }
static bool in_p2(const record *x) { return x->start >= D2021_0101 && x->start <= D2021_0615; }

/* ------------------------------------------------------------------------------------------ */
/* Building the main sample.                                                                  */

typedef struct {
    int star_person_city[20], star_person_prov[11];
    int star_ent_city[13], star_ent_prov[7];
} stars;

static stars S;

static void build_ledger(void)
{
    rng r = { UINT64_C(20210615) };
    GArray *p1rec = g_array_new(FALSE, FALSE, sizeof(int));

    /* 2019 – 2020: one record per person, then second startups. */
    int first_rec[N1_PERSONS];
    for (int i = 0; i < N1_PERSONS; i++) {
        int c = pick_county(&r);
        int p = new_person(&r, c);
        int y = rng_chance(&r, 475) ? 2019 : 2020;
        int day = month_day(&r, y, y == 2019 ? MW_2019 : MW_2020, 12, D2019_0101, D2021_0101 - 1);
        first_rec[i] = new_record(&r, p, c, day);
    }
    for (int k = 0; k < N1_REPEAT;) {
        int i = (int)rng_below(&r, N1_PERSONS);
        record *a = &R[first_rec[i]];
        if (a->role & ROLE_REPEAT)
            continue;
        int y1 = year_of(a->start), y = rng_chance(&r, 600) ? (y1 == 2019 ? 2020 : 2019) : y1;
        int day;
        do
            day = month_day(&r, y, y == 2019 ? MW_2019 : MW_2020, 12, D2019_0101, D2021_0101 - 1);
        while (month_of(day) == month_of(a->start));
        int c = rng_chance(&r, 200) ? pick_county(&r) : a->county;
        a->role |= ROLE_REPEAT;
        int b = new_record(&r, a->person, c, day);
        R[b].role |= ROLE_REPEAT;
        k++;
    }
    int n1 = nr;
    for (int i = 0; i < n1; i++)
        g_array_append_val(p1rec, i);

    /* Legacy 15-digit IDs in the 2019 export: people born before 1980, a few of them also in
     * the 2020 export with their 18-digit number. */
    int legacy = 0, legacy_repeat = 0;
    for (int i = 0; i < n1 && legacy < 32; i++) {
        record *x = &R[i];
        person *p = &P[x->person];
        if (year_of(x->start) != 2019 || p->legacy || memcmp(p->id + 6, "1980", 4) >= 0)
            continue;
        bool rep = (x->role & ROLE_REPEAT) != 0;
        if (rep ? legacy_repeat >= 8 : !rng_chance(&r, 12))
            continue;
        p->legacy = true;
        legacy++;
        legacy_repeat += rep;
    }

    /* 2021-01-01 .. 06-15 */
    int p2_first = nr;
    for (int k = 0; k < N2_RETURN;) {
        int i = (int)rng_below(&r, N1_PERSONS);
        record *a = &R[first_rec[i]];
        if (a->role & ROLE_REPEAT)
            continue;
        a->role |= ROLE_REPEAT;
        int c = rng_chance(&r, 700) ? a->county : pick_county(&r);
        int b = new_record(&r, a->person, c, month_day(&r, 2021, MW_2021, 6, D2021_0101, D2021_0615));
        R[b].role |= ROLE_REPEAT;
        k++;
    }
    for (int k = 0; k < N2_NEW; k++) {
        int c = pick_county(&r);
        new_record(&r, new_person(&r, c), c, month_day(&r, 2021, MW_2021, 6, D2021_0101, D2021_0615));
    }
    int p2_single_end = nr;
    for (int k = 0; k < N2_REPEAT;) {
        int i = p2_first + (int)rng_below(&r, (uint32_t)(p2_single_end - p2_first));
        record *a = &R[i];
        if (a->role & ROLE_REPEAT)
            continue;
        int day;
        do
            day = month_day(&r, 2021, MW_2021, 6, D2021_0101, D2021_0615);
        while (month_of(day) == month_of(a->start));
        a->role |= ROLE_REPEAT;
        int c = k % 3 == 0 ? pick_county(&r) : a->county;
        int b = new_record(&r, a->person, c, day);
        R[b].role |= ROLE_REPEAT;
        k++;
    }
    int p2_end = nr;

    /* 2021-06-16 .. 06-30 */
    for (int k = 0; k < N3_NEW; k++) {
        int c = pick_county(&r);
        new_record(&r, new_person(&r, c), c, rng_between(&r, D2021_0616, D2021_0630));
    }
    for (int k = 0; k < N3_REPEAT;) {
        int i = p2_first + (int)rng_below(&r, (uint32_t)(p2_single_end - p2_first));
        record *a = &R[i];
        if ((a->role & ROLE_REPEAT) || month_of(a->start) == month_of(D2021_0616))
            continue;
        a->role |= ROLE_REPEAT;
        int b = new_record(&r, a->person, a->county, rng_between(&r, D2021_0616, D2021_0630));
        R[b].role |= ROLE_REPEAT;
        k++;
    }
    int p3_end = nr;

    /* Entities. Mark records without an entity, records that share another person's entity
     * (and their owners, who must carry a credit code), and the award winners. */
    struct { int lo, hi, noent, reuse; } span[3] = {
        { 0, n1, N1_NOENT, N1_REUSE }, { p2_first, p2_end, N2_NOENT, N2_REUSE },
        { p2_end, p3_end, N3_NOENT, 0 },
    };
    for (int s = 0; s < 3; s++) {
        int n = span[s].hi - span[s].lo;
        for (int k = 0; k < span[s].noent;) {
            record *x = &R[span[s].lo + (int)rng_below(&r, (uint32_t)n)];
            if (x->role & ROLE_NOENT)
                continue;
            x->role |= ROLE_NOENT;
            k++;
        }
    }
    for (int s = 0; s < 2; s++) {
        int n = span[s].hi - span[s].lo;
        int total = span[s].reuse + (s == 1 ? N2_CROSS : 0);
        for (int k = 0; k < total;) {
            int xi = span[s].lo + (int)rng_below(&r, (uint32_t)n);
            record *x = &R[xi];
            if (x->role & (ROLE_NOENT | ROLE_REUSE | ROLE_OWNER))
                continue;
            /* the owner: same period, or 2019 – 2020 for the cross-period shares */
            int os = k < span[s].reuse ? s : 0;
            int oi = span[os].lo + (int)rng_below(&r, (uint32_t)(span[os].hi - span[os].lo));
            record *o = &R[oi];
            if (oi == xi || o->person == x->person || (o->role & (ROLE_NOENT | ROLE_REUSE | ROLE_OWNER)))
                continue;
            x->role |= ROLE_REUSE;
            x->owner = oi;
            x->county = o->county;
            x->industry = o->industry;
            o->role |= ROLE_OWNER;
            k++;
        }
    }

    /* Award winners: 2019 – 2020 records of single-startup persons, not sharing entities. */
    GArray *cand = g_array_new(FALSE, FALSE, sizeof(int));
    for (int i = 0; i < n1; i++) {
        record *x = &R[i];
        if (!(x->role & (ROLE_NOENT | ROLE_REUSE | ROLE_OWNER | ROLE_REPEAT)) && x->start < days_from_civil(2020, 7, 1)
            && industry_has_firm(x->industry) && !P[x->person].legacy)
            g_array_append_val(cand, i);
    }
    int nstar = 0, star_rec[40];
    while (nstar < 40) {
        int i = g_array_index(cand, int, rng_below(&r, cand->len));
        if (R[i].role & ROLE_STAR)
            continue;
        R[i].role |= ROLE_STAR | ROLE_OWNER;   /* ROLE_OWNER: give it a credit code */
        star_rec[nstar++] = i;
    }
    g_array_free(cand, TRUE);
    /* 20 市级 persons; 11 省级 persons (7 of them also 市级); 13 市级 enterprises; 7 省级
     * enterprises (4 of them also 市级). */
    for (int i = 0; i < 20; i++)
        S.star_person_city[i] = star_rec[i];
    for (int i = 0; i < 7; i++)
        S.star_person_prov[i] = star_rec[i * 2];
    for (int i = 7; i < 11; i++)
        S.star_person_prov[i] = star_rec[20 + i - 7];
    for (int i = 0; i < 13; i++)
        S.star_ent_city[i] = star_rec[24 + i];
    for (int i = 0; i < 4; i++)
        S.star_ent_prov[i] = star_rec[24 + i * 3];
    for (int i = 4; i < 7; i++)
        S.star_ent_prov[i] = star_rec[37 + i - 4];

    for (int i = 0; i < nr; i++) {
        record *x = &R[i];
        if (!(x->role & (ROLE_NOENT | ROLE_REUSE)))
            x->entity = new_entity(&r, x, (x->role & ROLE_OWNER) != 0, (x->role & ROLE_STAR) != 0);
    }
    for (int i = 0; i < nr; i++) {
        record *x = &R[i];
        if (x->role & ROLE_REUSE)
            x->entity = R[x->owner].entity;
    }

    /* Jobs: most rows blank or 0. Award winners employ more people. */
    for (int i = 0; i < nr; i++) {
        record *x = &R[i];
        int per_mille = in_p1(x) ? (year_of(x->start) == 2019 ? 70 : 80) : 150;
        if (x->role & ROLE_STAR)
            x->jobs = rng_between(&r, 8, 60);
        else if (rng_chance(&r, per_mille))
            x->jobs = job_count(&r);
        x->jobs_blank = x->jobs == 0 && rng_chance(&r, year_of(x->start) == 2020 ? 300 : 600);
    }
    int64_t jobs = 0;
    GArray *j2020 = g_array_new(FALSE, FALSE, sizeof(int));
    GArray *z2020 = g_array_new(FALSE, FALSE, sizeof(int));
    for (int i = 0; i < nr; i++) {
        if (year_of(R[i].start) != 2020)
            continue;
        jobs += R[i].jobs;
        if (!(R[i].role & ROLE_STAR))
            g_array_append_val(R[i].jobs ? j2020 : z2020, i);
    }
    while (jobs != JOBS_2020) {
        if (jobs < JOBS_2020 - 20 && z2020->len) {
            /* a new employer */
            guint k = rng_below(&r, z2020->len);
            int i = g_array_index(z2020, int, k);
            g_array_remove_index_fast(z2020, k);
            R[i].jobs = job_count(&r);
            R[i].jobs_blank = false;
            jobs += R[i].jobs;
            g_array_append_val(j2020, i);
            continue;
        }
        int i = g_array_index(j2020, int, rng_below(&r, j2020->len));
        if (jobs < JOBS_2020 && R[i].jobs < 30) {
            R[i].jobs++;
            jobs++;
        } else if (jobs > JOBS_2020 && R[i].jobs > 1) {
            R[i].jobs--;
            jobs--;
        }
    }
    g_array_free(j2020, TRUE);
    g_array_free(z2020, TRUE);

    /* Loans: disbursed some days after the start, none after 2021-06-30. */
    for (int i = 0; i < nr; i++) {
        record *x = &R[i];
        bool y21 = !in_p1(x);
        if (!rng_chance(&r, x->role & ROLE_STAR ? 600 : y21 ? 230 : 64))
            continue;
        int day = x->start + (y21 ? rng_between(&r, 3, 120) : rng_between(&r, 7, 200));
        if (day > D2021_0630)
            continue;
        x->loan = loan_amount(&r);
        x->loan_day = day;
    }
    int64_t loan2020 = 0;
    for (int i = 0; i < nr; i++)
        if (R[i].loan && year_of(R[i].loan_day) == 2020)
            loan2020 += R[i].loan;
    while (loan2020 < LOAN_AIM_LO || loan2020 > LOAN_AIM_HI) {
        int i = (int)rng_below(&r, (uint32_t)n1);
        record *x = &R[i];
        if (loan2020 > LOAN_AIM_HI) {
            if (x->loan && year_of(x->loan_day) == 2020 && x->loan <= 20 * FEN_PER_WAN && !(x->role & ROLE_STAR)) {
                loan2020 -= x->loan;
                x->loan = 0;
                x->loan_day = 0;
            }
        } else if (!x->loan) {
            int lo = MAX(x->start + 7, D2020_0101), hi = MIN(x->start + 200, D2021_0101 - 1);
            if (lo > hi)
                continue;
            x->loan = small_loan(&r);
            x->loan_day = rng_between(&r, lo, hi);
            loan2020 += x->loan;
        }
    }

    /* 年产值 */
    for (int i = 0; i < nr; i++) {
        record *x = &R[i];
        bool y21 = !in_p1(x);
        int64_t v = -1;
        if (x->role & ROLE_STAR)
            v = rng_between(&r, 15000, 300000);
        else if (x->entity >= 0 && rng_chance(&r, y21 ? 350 : 450)) {
            int t = (int)rng_below(&r, 100);
            v = t < 70 ? rng_between(&r, 500, 4000) : t < 95 ? rng_between(&r, 4000, 12000)
                : rng_between(&r, 12000, y21 ? 40000 : 80000);
        } else if (x->entity < 0 && rng_chance(&r, 100))
            v = rng_between(&r, 200, 3000);
        x->output = v < 0 ? -1 : v * 10000;
    }
    int64_t out21 = 0;
    for (int i = p2_first; i < p2_end; i++)
        if (in_p2(&R[i]) && R[i].output > 0)
            out21 += R[i].output;
    while (out21 < OUT_AIM_LO || out21 > OUT_AIM_HI) {
        record *x = &R[p2_first + (int)rng_below(&r, (uint32_t)(p2_end - p2_first))];
        if (out21 > OUT_AIM_HI) {
            if (x->output > 0 && x->output <= 50 * FEN_PER_WAN) {
                out21 -= x->output;
                x->output = -1;
            }
        } else if (x->output < 0) {
            x->output = (int64_t)rng_between(&r, 500, 5000) * 10000;
            out21 += x->output;
        }
    }
    g_array_free(p1rec, TRUE);
}

/* Recompute the seed figures from the ledger and stop if one misses its target. */
static void check_figures(void)
{
    GHashTable *pa = g_hash_table_new(g_direct_hash, g_direct_equal);
    GHashTable *ea = g_hash_table_new(g_direct_hash, g_direct_equal);
    GHashTable *pe = g_hash_table_new(g_direct_hash, g_direct_equal);
    GHashTable *ee = g_hash_table_new(g_direct_hash, g_direct_equal);
    int64_t loan = 0, out = 0, jobs = 0, loan21 = 0;
    int nloan = 0, nloan21 = 0, multiline = 0, quoted = 0, shared = 0;
    for (int i = 0; i < nr; i++) {
        const record *x = &R[i];
        if (in_p1(x)) {
            g_hash_table_add(pa, GINT_TO_POINTER(x->person + 1));
            if (x->entity >= 0)
                g_hash_table_add(ea, GINT_TO_POINTER(x->entity + 1));
        }
        if (in_p2(x)) {
            g_hash_table_add(pe, GINT_TO_POINTER(x->person + 1));
            if (x->entity >= 0)
                g_hash_table_add(ee, GINT_TO_POINTER(x->entity + 1));
            if (x->output > 0)
                out += x->output;
        }
        if (year_of(x->start) == 2020)
            jobs += x->jobs;
        if (x->loan && year_of(x->loan_day) == 2020) {
            loan += x->loan;
            nloan++;
        }
        if (x->loan && year_of(x->loan_day) == 2021) {
            loan21 += x->loan;
            nloan21++;
        }
        multiline += x->note == NOTE_MULTILINE;
        quoted += x->entity >= 0 && strchr(E[x->entity].name, '"') != NULL;
        shared += (x->role & ROLE_REUSE) != 0;
    }
    guint a = g_hash_table_size(pa), b = g_hash_table_size(ea);
    guint e1 = g_hash_table_size(pe), e2 = g_hash_table_size(ee);
    fprintf(stderr, "gensamples: %d records, %d persons, %d entities; %d shared, %d multi-line notes, "
            "%d quoted names\n", nr, np, ne, shared, multiline, quoted);
    fprintf(stderr, "gensamples: A persons ≤2020 %u, B entities ≤2020 %u, C loans 2020 %d / %" PRId64
            ".%04" PRId64 " 万元, D jobs 2020 %" PRId64 ", E persons %u entities %u output %" PRId64
            ".%02" PRId64 " 万元; 2021 loans %d / %" PRId64 " 万元\n",
            a, b, nloan, loan / FEN_PER_WAN, loan % FEN_PER_WAN / 100, jobs, e1, e2,
            out / FEN_PER_WAN, out % FEN_PER_WAN / 10000, nloan21, loan21 / FEN_PER_WAN);
    if (a < 18450 || a > 18549 || b < 17850 || b > 17949 || loan < LOAN_2020_LO || loan > LOAN_2020_HI
        || jobs != JOBS_2020 || e1 != 1435 || e2 != 675 || out < OUT_2021_LO || out > OUT_2021_HI)
        die("seed figures missed their targets");
    if (multiline < 3 || quoted < 3)
        die("too few multi-line notes or quoted names");
    g_hash_table_destroy(pa);
    g_hash_table_destroy(ea);
    g_hash_table_destroy(pe);
    g_hash_table_destroy(ee);
}

/* ------------------------------------------------------------------------------------------ */
/* Writing CSV.                                                                               */

static void put_field(GString *s, const char *v, bool first)
{
    if (!first)
        g_string_append_c(s, ',');
    if (!v)
        return;
    if (strpbrk(v, ",\"\r\n")) {
        g_string_append_c(s, '"');
        for (const char *p = v; *p; p++) {
            if (*p == '"')
                g_string_append_c(s, '"');
            g_string_append_c(s, *p);
        }
        g_string_append_c(s, '"');
    } else {
        g_string_append(s, v);
    }
}

static void put_row(GString *s, const char *const *f, int n, const char *eol)
{
    for (int i = 0; i < n; i++)
        put_field(s, f[i], i == 0);
    g_string_append(s, eol);
}

/* fen → 万元 text: minimal decimals ("15", "8.5", "12.35") or two decimals ("15.00"). */
static void fmt_wan(char *buf, size_t n, int64_t fen, bool two)
{
    int64_t w = fen / FEN_PER_WAN, f = fen % FEN_PER_WAN;
    char frac[8];
    snprintf(frac, sizeof frac, "%06" PRId64, f);
    int len = 6;
    while (len > (two ? 2 : 0) && frac[len - 1] == '0')
        len--;
    frac[len] = '\0';
    if (len)
        snprintf(buf, n, "%" PRId64 ".%s", w, frac);
    else
        snprintf(buf, n, "%" PRId64, w);
}

/* fen → yuan with thousands separators: "150,000.00". */
static void fmt_yuan(char *buf, size_t n, int64_t fen)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%" PRId64, fen / 100);
    GString *g = g_string_new(NULL);
    size_t len = strlen(digits);
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            g_string_append_c(g, ',');
        g_string_append_c(g, digits[i]);
    }
    g_string_append_printf(g, ".%02d", (int)(fen % 100));
    g_strlcpy(buf, g->str, n);
    g_string_free(g, TRUE);
}

static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        die("%s: %s", path, g_strerror(errno));
    if (fwrite(data, 1, len, f) != len || fclose(f) != 0)
        die("%s: write failed: %s", path, g_strerror(errno));
}

enum { ENC_GB18030, ENC_UTF8_BOM, ENC_UTF8 };

static void write_text(const char *dir, const char *name, const GString *s, int enc)
{
    char *path = g_build_filename(dir, name, NULL);
    if (enc == ENC_GB18030) {
        GError *err = NULL;
        gsize out_len = 0;
        char *gb = g_convert(s->str, (gssize)s->len, "GB18030", "UTF-8", NULL, &out_len, &err);
        if (!gb)
            die("%s: %s", path, err->message);
        write_bytes(path, gb, out_len);
        g_free(gb);
    } else if (enc == ENC_UTF8_BOM) {
        GString *b = g_string_new("\xEF\xBB\xBF");
        g_string_append_len(b, s->str, (gssize)s->len);
        write_bytes(path, b->str, b->len);
        g_string_free(b, TRUE);
    } else {
        write_bytes(path, s->str, s->len);
    }
    g_free(path);
}

enum { F2019, F2020, F2021 };

/* How an export writes the county of record x. */
static const char *county_text(const record *x, int file, char *buf, size_t n)
{
    const county_def *c = &COUNTY[x->county];
    unsigned roll = (x->form >> 8) % 100;
    unsigned which = x->form >> 24;
    int na = n_alts(x->county);
    switch (file) {
    case F2019:
        if (x->county == GAOXIN)
            return roll < 70 ? c->name : c->alt[0];
        return roll < 12 && na ? c->alt[which % (unsigned)na] : c->name;
    case F2020:
        if (x->county == GAOXIN)
            return roll < 50 ? c->name : c->alt[0];
        if (roll < 15) {
            snprintf(buf, n, "乐山市%s", c->name);
            return buf;
        }
        if (roll < 30)
            return c->code;
        if (roll < 45 && na)
            return c->alt[which % (unsigned)na];
        return c->name;
    default:
        if (x->county == GAOXIN)
            return roll < 50 ? c->name : c->alt[0];
        return roll < 10 && na ? c->alt[which % (unsigned)na] : c->name;
    }
}

/* unit: the text of the county column; NULL: the county as this file spells it. */
static void record_row(GString *s, const record *x, int file, int seq, const char *eol,
                       const char *unit)
{
    const person *p = &P[x->person];
    const entity *e = x->entity >= 0 ? &E[x->entity] : NULL;
    char seqs[16], id[24], cty[64], start[40], jobs[16], loan[32], lday[32], out[32];
    unsigned f = x->form;
    snprintf(seqs, sizeof seqs, "%d", seq);

    /* ID number as the system or Excel left it */
    if (file == F2019 && p->legacy)
        id_legacy(p->id, id);
    else if (file == F2019 && f % 100 < 3)
        snprintf(id, sizeof id, "'%s", p->id);
    else if (file == F2020 && p->id[17] == 'X' && f % 100 < 70)
        snprintf(id, sizeof id, "%.17sx", p->id);
    else if (file == F2021 && f % 100 < 2)
        snprintf(id, sizeof id, "=\"%s\"", p->id);
    else
        g_strlcpy(id, p->id, sizeof id);

    const char *county = unit ? unit : county_text(x, file, cty, sizeof cty);
    fmt_date(start, sizeof start, x->start, file == F2019 ? DF_SLASH : file == F2020 ? DF_CN : DF_ISO_TIME, x->tod);

    if (x->jobs)
        snprintf(jobs, sizeof jobs, "%d", x->jobs);
    else
        g_strlcpy(jobs, x->jobs_blank ? "" : "0", sizeof jobs);

    loan[0] = lday[0] = '\0';
    if (x->loan) {
        if (file == F2020)
            fmt_yuan(loan, sizeof loan, x->loan);
        else
            fmt_wan(loan, sizeof loan, x->loan, (f >> 4) % 3 == 0);
        int style = file == F2019 ? DF_SLASH : file == F2020 ? ((f >> 6) % 10 < 6 ? DF_SERIAL : DF_COMPACT) : DF_ISO;
        fmt_date(lday, sizeof lday, x->loan_day, style, 0);
    }
    out[0] = '\0';
    if (x->output >= 0)
        fmt_wan(out, sizeof out, x->output, (f >> 12) % 2 == 0);

    const char *fields[] = {
        seqs, p->name, id, p->male ? "男" : "女", county, start, e ? e->name : "", e ? e->uscc : "",
        jobs, loan, lday, out, x->phone, INDUSTRY[x->industry].label, x->note >= 0 ? NOTE[x->note] : "",
    };
    put_row(s, fields, COUNT_OF(fields), eol);
}

static const record *cmp_base;

static int cmp_county_start(const void *a, const void *b)
{
    const record *x = &cmp_base[*(const int *)a], *y = &cmp_base[*(const int *)b];
    if (x->county != y->county)
        return x->county < y->county ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return *(const int *)a < *(const int *)b ? -1 : *(const int *)a > *(const int *)b;
}

static int cmp_start(const void *a, const void *b)
{
    const record *x = &cmp_base[*(const int *)a], *y = &cmp_base[*(const int *)b];
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->tod != y->tod)
        return x->tod < y->tod ? -1 : 1;
    return *(const int *)a < *(const int *)b ? -1 : *(const int *)a > *(const int *)b;
}

static void write_exports(const char *dir)
{
    static const char *const H2019[] = { "序号", "姓名", "身份证号码", "性别", "县(市、区)", "创业时间",
        "经济实体名称", "统一社会信用代码", "带动就业人数", "贷款金额(万元)", "贷款发放日期", "年产值(万元)",
        "联系电话", "行业", "备注" };
    static const char *const H2020[] = { "序号", "姓名", "公民身份号码", "性别", "县市区", "开业时间",
        "企业名称", "统一社会信用代码", "吸纳就业人数", "贷款金额(元)", "放款日期", "产值(万元)",
        "联系电话", "行业", "备注" };
    static const char *const H2021[] = { "序号", "姓名", "身份证号", "性别", "所属县区", "创业日期",
        "创办实体名称", "统一社会信用代码", "带动就业人数", "创业担保贷款金额(万元)", "发放日期", "年产值(万元)",
        "联系电话", "行业", "备注" };
    int *idx = g_new(int, nr);
    int n;
    cmp_base = R;

    GString *s = g_string_new(NULL);
    put_row(s, H2019, COUNT_OF(H2019), "\r\n");
    n = 0;
    for (int i = 0; i < nr; i++)
        if (year_of(R[i].start) == 2019)
            idx[n++] = i;
    qsort(idx, (size_t)n, sizeof *idx, cmp_county_start);
    for (int i = 0; i < n; i++)
        record_row(s, &R[idx[i]], F2019, i + 1, "\r\n", NULL);
    write_text(dir, "leshan_2019.csv", s, ENC_GB18030);
    fprintf(stderr, "gensamples: leshan_2019.csv %d rows\n", n);

    g_string_truncate(s, 0);
    put_row(s, H2020, COUNT_OF(H2020), "\r\n");
    n = 0;
    for (int i = 0; i < nr; i++)
        if (year_of(R[i].start) == 2020)
            idx[n++] = i;
    qsort(idx, (size_t)n, sizeof *idx, cmp_county_start);
    for (int i = 0; i < n; i++)
        record_row(s, &R[idx[i]], F2020, i + 1, "\r\n", NULL);
    write_text(dir, "leshan_2020.csv", s, ENC_UTF8_BOM);
    fprintf(stderr, "gensamples: leshan_2020.csv %d rows\n", n);

    /* 2021 H1, preceded by the December 2020 rows the system exports again. */
    g_string_truncate(s, 0);
    put_row(s, H2021, COUNT_OF(H2021), "\n");
    n = 0;
    for (int i = 0; i < nr; i++)
        if (R[i].start >= D2020_1201 && R[i].start < D2021_0101)
            idx[n++] = i;
    qsort(idx, (size_t)n, sizeof *idx, cmp_start);
    int dec = n;
    for (int i = 0; i < nr; i++)
        if (R[i].start >= D2021_0101)
            idx[n++] = i;
    qsort(idx + dec, (size_t)(n - dec), sizeof *idx, cmp_start);
    for (int i = 0; i < n; i++)
        record_row(s, &R[idx[i]], F2021, i + 1, "\n", NULL);
    write_text(dir, "leshan_2021_h1.csv", s, ENC_UTF8);
    fprintf(stderr, "gensamples: leshan_2021_h1.csv %d rows (%d re-exported from December 2020)\n", n, dec);

    g_string_free(s, TRUE);
    g_free(idx);
}

/* A county bureau's own export (犍为县, 2019 to 2021-06): no county column, the township
 * (乡镇（街道）, the 2023 division table's names) instead; a few rows with the short form,
 * a township merged away since (新民镇), or none at all. */
static void write_county(const char *dir)
{
    static const char *const H[] = { "序号", "姓名", "身份证号码", "性别", "乡镇（街道）", "创业日期",
        "经济实体名称", "统一社会信用代码", "带动就业人数", "贷款金额(万元)", "贷款发放日期", "年产值(万元)",
        "联系电话", "行业", "备注" };
    static const char *const TOWN[] = { "玉津镇", "孝姑镇", "石溪镇", "清溪镇", "罗城镇", "芭沟镇",
        "龙孔镇", "定文镇", "舞雩镇", "玉屏镇", "大兴镇", "九井镇", "铁炉镇", "寿保镇", "双溪镇" };
    static const int TOWN_W[] = { 30, 10, 8, 9, 9, 6, 5, 5, 4, 4, 4, 3, 4, 3, 3 };
    static const char *const SHORT[] = { "玉津", "孝姑", "石溪", "清溪", "罗城", "芭沟",
        "龙孔", "定文", "舞雩", "玉屏", "大兴", "九井", "铁炉", "寿保", "双溪" };
    rng r = { UINT64_C(0x4A49414E) };
    int *idx = g_new(int, nr);
    int n = 0;
    cmp_base = R;
    for (int i = 0; i < nr; i++)
        if (R[i].county == 4)
            idx[n++] = i;
    qsort(idx, (size_t)n, sizeof *idx, cmp_start);
    GString *s = g_string_new(NULL);
    put_row(s, H, COUNT_OF(H), "\r\n");
    int odd = 0;
    for (int i = 0; i < n; i++) {
        int t = rng_weighted(&r, TOWN_W, (int)COUNT_OF(TOWN));
        int k = (int)rng_below(&r, 1000);
        const char *town = k < 20 ? "" : k < 35 ? "新民镇" : k < 90 ? SHORT[t] : TOWN[t];
        odd += k < 35;
        record_row(s, &R[idx[i]], F2021, i + 1, "\r\n", town);
    }
    write_text(dir, "qianwei_county_2019_2021.csv", s, ENC_UTF8_BOM);
    fprintf(stderr, "gensamples: qianwei_county_2019_2021.csv %d rows (%d without a township of "
            "the table)\n", n, odd);
    g_string_free(s, TRUE);
    g_free(idx);
}

/* 2021 targets: the 2亿元 loan target split by county weight, exactly 20000 万元 in all. */
static void write_targets(const char *dir)
{
    static const struct { const char *name; int total; } IND[] = {
        { "新增返乡创业人数", 3000 }, { "创办经济实体", 1500 }, { "创业担保贷款发放笔数", 1100 },
        { "创业担保贷款发放金额(万元)", 20000 }, { "带动就业人数", 3500 },
        /* the training targets of the reply (persons, from the 培训台账), after the others */
        { "返乡创业培训", 3500 }, { "劳务品牌培训", 7500 },
    };
    enum { N_LEDGER = 5 };
    GString *s = g_string_new("county,indicator,target\n");
    for (int pass = 0; pass < 2; pass++)
    for (int c = 0; c < N_COUNTY; c++) {
        for (int k = pass ? N_LEDGER : 0; k < (pass ? COUNT_OF(IND) : N_LEDGER); k++) {
            /* largest remainder on county weights; the unit is 10 (50 万元 for amounts) */
            int unit = k == 3 ? 50 : 10, units = IND[k].total / unit, wsum = 0;
            for (int j = 0; j < N_COUNTY; j++)
                wsum += COUNTY[j].weight;
            int share[N_COUNTY], rem[N_COUNTY], given = 0;
            for (int j = 0; j < N_COUNTY; j++) {
                share[j] = units * COUNTY[j].weight / wsum;
                rem[j] = units * COUNTY[j].weight % wsum;
                given += share[j];
            }
            while (given < units) {
                int best = 0;
                for (int j = 1; j < N_COUNTY; j++)
                    if (rem[j] > rem[best])
                        best = j;
                share[best]++;
                rem[best] = -1;
                given++;
            }
            if (c == 3 && k == 4)
                continue;   /* 金口河区 has no 带动就业人数 target: the reports show "—" */
            g_string_append_printf(s, "%s,%s,%d\n", COUNTY[c].name, IND[k].name, share[c] * unit);
        }
    }
    write_text(dir, "targets_2021.csv", s, ENC_UTF8);
    g_string_free(s, TRUE);
}

static void star_row(GString *s, int ri, const char *level, const char *category)
{
    const record *x = &R[ri];
    const person *p = &P[x->person];
    const entity *e = &E[x->entity];
    char jobs[16], out[32];
    snprintf(jobs, sizeof jobs, "%d", x->jobs);
    fmt_wan(out, sizeof out, x->output, true);
    const char *f[] = { p->name, p->id, COUNTY[x->county].name, level, category, e->name, e->uscc, "2020",
                        INDUSTRY[x->industry].label, jobs, out };
    put_row(s, f, COUNT_OF(f), "\r\n");
}

static void write_stars(const char *dir)
{
    static const char *const H[] = { "姓名", "身份证号码", "县(市、区)", "级别", "类别", "企业名称",
        "统一社会信用代码", "评选年度", "所属行业", "带动就业人数", "年产值(万元)" };
    GString *s = g_string_new(NULL);
    put_row(s, H, COUNT_OF(H), "\r\n");
    for (int i = 0; i < 20; i++)
        star_row(s, S.star_person_city[i], "市级", "返乡创业明星");
    for (int i = 0; i < 13; i++)
        star_row(s, S.star_ent_city[i], "市级", "返乡创业明星企业");
    for (int i = 0; i < 11; i++)
        star_row(s, S.star_person_prov[i], "省级", "返乡创业明星");
    for (int i = 0; i < 7; i++)
        star_row(s, S.star_ent_prov[i], "省级", "返乡创业明星企业");
    write_text(dir, "stars_2020.csv", s, ENC_UTF8_BOM);
    g_string_free(s, TRUE);
}

/* ------------------------------------------------------------------------------------------ */
/* The messy export: every reason to reject a row, duplicates, blank lines, Excel damage.     */

enum { M_NF = 14 };
typedef struct {
    const char *f[M_NF];
    char expect;            /* A accepted, D duplicate, R rejected */
    const char *reason;     /* for the README */
    int blank_before;       /* blank lines before the row */
} messy_row;

static void write_messy(const char *dir)
{
    rng r = { UINT64_C(0x6D657373) };
    char ids[24][24];
    for (int i = 0; i < 24; i++) {
        int home = i % N_COUNTY == GAOXIN ? 0 : i % N_COUNTY;
        int p = new_person(&r, home);   /* registered so no main-sample person shares the ID */
        g_strlcpy(ids[i], P[p].id, sizeof ids[i]);
    }
    /* an ID ending in X (for the lower-case x row), one born before 1980 (for the 15-digit row) */
    char idx_lower[24], id15[24], sci_bad[24], zeros[24], wrong[24];
    for (;;) {
        int p = new_person(&r, 8);
        if (P[p].id[17] == 'X') {
            snprintf(idx_lower, sizeof idx_lower, "%.17sx", P[p].id);
            break;
        }
    }
    for (;;) {
        int p = new_person(&r, 4);
        if (memcmp(P[p].id + 6, "1980", 4) < 0) {
            id_legacy(P[p].id, id15);
            break;
        }
    }
    g_strlcpy(sci_bad, "5.11102E+17", sizeof sci_bad);
    for (;;) {    /* what Excel leaves of an ID: 15 significant digits, then 000; check fails */
        int p = new_person(&r, 0);
        snprintf(zeros, sizeof zeros, "%.15s000", P[p].id);
        if (id_check(zeros) != '0' && strchr(P[p].id, 'X') == NULL)
            break;
    }
    {
        g_strlcpy(wrong, ids[7], sizeof wrong);
        wrong[17] = wrong[17] == '9' ? '3' : wrong[17] == 'X' ? '5' : (char)(wrong[17] + 1);
    }
    char guarded[32], apostrophe[32];
    snprintf(guarded, sizeof guarded, "=\"%s\"", ids[16]);
    snprintf(apostrophe, sizeof apostrophe, "'%s", ids[17]);

    char u[10][19];
    make_uscc(&r, '1', "511102", u[0]);
    make_uscc(&r, '2', "511181", u[1]);
    make_uscc(&r, '3', "511126", u[2]);
    make_uscc(&r, '1', "511123", u[3]);
    make_uscc(&r, '2', "511112", u[4]);
    make_uscc(&r, '1', "511100", u[5]);
    make_uscc(&r, '3', "511133", u[6]);
    make_uscc(&r, '1', "511181", u[7]);
    make_uscc(&r, '1', "511126", u[8]);

    const messy_row rows[] = {
        { { "1", "王建国", ids[0], "男", "市中区", "2021-01-05", "乐山市市中区鑫源农业开发有限公司", u[0], "3", "10", "2021-01-20", "50", "13890001111", "" }, 'A', NULL, 0 },
        { { "2", "李秀英", ids[1], "女", "峨眉山市", "2021/2/3", "峨眉山市李秀英小吃店", u[1], "", "", "", "", "13990002222", "已回访\n经营正常" }, 'A', NULL, 0 },
        { { "3", "张伟", ids[2], "男", "夹江县", "2021年2月18日", "夹江县\x07绿源茶叶专业合作社", u[2], "2", "", "", "12.5", "13700003333", "控制字符在实体名称中" }, 'A', NULL, 0 },
        { { "4", "刘芳", ids[3], "女", "五通桥", "20210301", "", "", "", "", "", "", "15800004444", "" }, 'A', NULL, 1 },
        { { "5", "陈勇", "", "男", "犍为县", "2021-03-02", "犍为县陈勇日杂店", "", "", "", "", "", "13600005555", "" }, 'R', "身份证号码为空", 0 },
        { { "6", "杨丽", sci_bad, "女", "井研县", "2021-03-03", "", "", "", "", "", "", "13500006666", "" }, 'R', "身份证号码被 Excel 转成科学计数法 (5.11102E+17)", 0 },
        { { "7", "黄强", zeros, "男", "沐川县", "2021-03-04", "", "", "", "", "", "", "13400007777", "" }, 'R', "身份证号码末尾 000、校验失败（Excel 只保留 15 位有效数字）", 0 },
        { { "8", "赵敏", wrong, "女", "沙湾区", "2021-03-05", "", "", "", "", "", "", "13300008888", "" }, 'R', "身份证号码校验位不对", 0 },
        { { "9", "吴刚", ids[8], "男", "嘉州区", "2021-03-06", "", "", "", "", "", "", "13200009999", "" }, 'R', "县（市、区）无法识别（嘉州区）", 0 },
        { { "10", "周静", ids[9], "女", "峨边彝族自治县", "2021-02-30", "", "", "", "", "", "", "13100001010", "" }, 'R', "创业日期 2021-02-30 不存在", 0 },
        { { "11", "徐斌", ids[10], "男", "马边县", "2021-03-08", "马边县徐斌农资店", "", "", "-5", "2021-03-10", "", "13800001212", "" }, 'R', "贷款金额为负数 (-5)", 0 },
        { { "12", "孙燕", ids[11], "女", "金口河区", "2021-03-09", "", "", "", "10", "", "", "13800001313", "" }, 'R', "有贷款金额但没有发放日期", 0 },
        { { "13", "马超", ids[12], "男", "峨眉山市", "2021-03-10", "峨眉山市马超汽车修理部", "", "三人", "", "", "", "13800001414", "" }, 'R', "带动就业人数不是数字（三人）", 0 },
        { { "14", "朱玲", ids[13], "女", "@SUM(A1:A3)", "2021-03-11", "", "", "", "", "", "", "13800001515", "" }, 'R', "县（市、区）无法识别（@SUM(A1:A3)）", 0 },
        { { "15", "胡波", ids[14], "男", "市中区", "", "", "", "", "", "", "", "13800001616", "" }, 'R', "创业日期为空", 0 },
        { { "16", "=1+1", ids[15], "男", "沙湾区", "2021-03-15", "", "", "", "", "", "", "13800001717", "姓名像公式" }, 'A', NULL, 0 },
        { { "17", "郭霞", guarded, "女", "511124", "2021.3.16", "", "", "", "", "", "", "+86 13800001818", "" }, 'A', NULL, 0 },
        { { "18", "何明", apostrophe, "男", "乐山市峨眉山市", "2021-03-17", "峨眉山市何氏茶叶加工厂", u[7], "4", "１２．５", "2021-04-02", "", "13800001919", "全角数字" }, 'A', NULL, 0 },
        { { "1", "王建国", ids[0], "男", "市中区", "2021-01-05", "乐山市市中区鑫源农业开发有限公司", u[0], "3", "10", "2021-01-20", "50", "13890001111", "" }, 'D', "与序号 1 的行完全相同", 0 },
        { { "19", "刘芳", ids[3], "女", "五通桥区", "2021-03-01", "", "", "", "", "", "", "15800004445", "重复录入" }, 'D', "与序号 4 的行重复（身份证号码、创业日期、实体名称、贷款金额和发放日期相同）", 1 },
        { { "20", "罗春", id15, "男", "犍为", "2021-03-18", "犍为县罗记麻辣牛肉加工厂", u[3], "5", "12万", "2021/4/1", "80.5", "13800002020", "15 位旧身份证号" }, 'A', NULL, 0 },
        { { "21", "阿西阿呷", idx_lower, "女", "峨边", "44270", "", "", "", "", "", "", "13800002121", "小写 x；Excel 序列号日期" }, 'A', NULL, 0 },
        { { "22", "彭勇", ids[18], "男", "高新区", "2021-04-06 08:30:00", "乐山高新区彭勇网店", "", "1人", "150000元", "2021-04-20", "", "13800002222", "" }, 'A', NULL, 0 },
        { { "23", "曾丽", ids[19], "女", "马边彝族自治县", "2021-04-07T09:15:00", "马边彝族自治县丰泽茶叶专业合作社", u[6], "6", "", "", "1,200.50", "13800002323", "" }, 'A', NULL, 0 },
        { { "24", "邓国华", ids[20], "男", "511112", "2021-04-08", "乐山市五通桥区顺达物流有限公司", u[4], "8", "20.00", "20210420", "300", "13800002424", "" }, 'A', NULL, 0 },
        { { "25", "谢春梅", ids[21], "女", "五通桥区", "2021-04-09", "乐山市五通桥区顺达物流有限公司", u[4], "", "", "", "", "13800002525", "与 24 号合伙" }, 'A', NULL, 0 },
        { { "26", "邓国华", ids[20], "男", "五通桥区", "2021-05-10", "五通桥区邓国华农资店", "", "", "5", "2021-05-20", "", "13800002424", "第二次创业" }, 'A', NULL, 0 },
        { { "27", "唐兵", ids[22], "男", "　沐川县 ", "2021-05-11", "沐川县唐兵货运部", "", "2", "", "", "", "13800002727", "全角空格" }, 'A', NULL, 0 },
        { { "28", "宋娟", ids[23], "女", "乐山高新区", "2021-05-12", "", "", "0", "", "", "", "13800002828", "" }, 'A', NULL, 0 },
        { { "29", "韩磊", ids[4], "男", "511102", "2021年5月13日", "乐山市市中区\"嘉州\"钵钵鸡店", u[5], "3", "15", "2021年5月30日", "45.8", "13800002929", "名称含引号,备注含逗号" }, 'A', NULL, 0 },
        { { "30", "冯琴", ids[5], "女", "沙湾区", "2021-05-14", "", "", "", "", "", "", "13800003030", "" }, 'A', NULL, 0 },
        { { "31", "曹波", ids[6], "男", "金口河区", "2021-05-15", "乐山市金口河区曹波家庭农场", "", "2", "3.5", "2021-06-01", "18", "13800003131", "" }, 'A', NULL, 0 },
        { { "32", "袁红", ids[7], "女", "井研县", "2021-05-16", "井研县袁红豆花饭店", "", "", "", "", "", "13800003232", "" }, 'A', NULL, 0 },
        { { "33", "徐斌", ids[10], "男", "夹江", "2021-05-17", "夹江县徐氏手工纸作坊", u[8], "", "", "", "22", "13800003333", "第 11 号被拒后重新录入" }, 'A', NULL, 0 },
        { { "34", "孙燕", ids[11], "女", "犍为县", "2021-05-18", "", "", "", "8", "2021-06-05", "", "13800003434", "" }, 'A', NULL, 0 },
        { { "35", "马超", ids[12], "男", "峨眉山市", "2021-05-19", "峨眉山市马超汽车修理部", "", "3", "", "", "", "13800003535", "" }, 'A', NULL, 0 },
        { { "36", "朱玲", ids[13], "女", "市中区", "2021-05-20", "", "", "", "", "", "", "13800003636", "" }, 'A', NULL, 0 },
        { { "37", "胡波", ids[14], "男", "乐山市市中区", "2021-06-02", "乐山市市中区胡波小吃店", "", "1", "", "", "6.5", "13800003737", "" }, 'A', NULL, 0 },
        { { "38", "吴刚", ids[8], "男", "峨边县", "2021-06-03", "", "", "", "", "", "", "13800003838", "" }, 'A', NULL, 0 },
    };

    static const char *const H[M_NF] = { "序号", "姓名", "证件号码", "性别", "区县", "创业日期", "经济实体名称",
        "统一社会信用代码", "吸纳就业人数", "贷款金额（万元）", "放款日期", "年产值(万元)", "联系电话", "备注" };
    GString *s = g_string_new(NULL);
    GString *doc = g_string_new(NULL);
    put_row(s, H, M_NF, "\r\n");
    int line = 2, read = 0, acc = 0, dup = 0, rej = 0;
    GString *table = g_string_new("| 物理行 | 序号 | 结果 | 原因 |\n|---:|---:|---|---|\n");
    for (int i = 0; i < COUNT_OF(rows); i++) {
        for (int b = 0; b < rows[i].blank_before; b++) {
            g_string_append(s, "\r\n");
            line++;
        }
        GString *one = g_string_new(NULL);
        put_row(one, rows[i].f, M_NF, "\r\n");
        int physical = 0;
        for (const char *p = one->str; *p; p++)
            physical += *p == '\n';
        g_string_append_len(s, one->str, (gssize)one->len);
        g_string_free(one, TRUE);
        read++;
        if (rows[i].expect == 'A')
            acc++;
        else {
            if (rows[i].expect == 'D')
                dup++;
            else
                rej++;
            g_string_append_printf(table, "| %d | %s | %s | %s |\n", line, rows[i].f[0],
                                   rows[i].expect == 'D' ? "重复" : "拒收", rows[i].reason);
        }
        line += physical;
    }
    write_text(dir, "messy_2021.csv", s, ENC_GB18030);

    g_string_append(doc, "# messy/ — a small export with every kind of bad row\n\n"
        "Written by `build/gensamples samples samples`; do not edit by hand.\n\n"
        "`messy_2021.csv` is GB18030 without a BOM, CRLF line ends, headers 证件号码, 区县, 创业日期,\n"
        "贷款金额（万元）, 放款日期. It has two blank lines (skipped: not counted as rows), a 备注 with an\n"
        "embedded line break (row 2, so physical lines run ahead of row numbers), a BEL control character\n"
        "inside an entity name (row 3), formula-looking values (=1+1 as a name, +86 phone, -5 amount,\n"
        "@SUM in the county), full-width digits (１２．５) and full-width spaces around a county.\n\n"
        "Expected rows that are not accepted (physical line numbers, header is line 1):\n\n");
    g_string_append(doc, table->str);
    g_string_append_printf(doc, "\nExpected totals for `messy_2021.csv` alone: rows_read %d, accepted %d, "
        "duplicate %d, rejected %d.\n", read, acc, dup, rej);
    g_string_free(table, TRUE);

    /* the messy roster, checked against the main sample */
    {
        static const char *const HS[] = { "姓名", "身份证号码", "县(市、区)", "级别", "类别", "企业名称",
            "统一社会信用代码", "评选年度", "所属行业", "带动就业人数", "年产值(万元)" };
        GString *st = g_string_new(NULL);
        put_row(st, HS, COUNT_OF(HS), "\r\n");
        const record *a = &R[S.star_person_city[0]], *b = &R[S.star_ent_city[0]], *c = &R[S.star_ent_city[1]];
        const record *d = &R[S.star_person_city[1]];
        char bad[19];
        g_strlcpy(bad, E[c->entity].uscc, sizeof bad);
        bad[17] = bad[17] == '0' ? '1' : '0';
        int stranger = new_person(&r, 0);
        char ja[16], oa[32], jb[16], ob[32], jc[16], oc[32], jd[16], od[32];
        snprintf(ja, sizeof ja, "%d", a->jobs);
        fmt_wan(oa, sizeof oa, a->output, true);
        snprintf(jb, sizeof jb, "%d", b->jobs);
        fmt_wan(ob, sizeof ob, b->output, true);
        snprintf(jc, sizeof jc, "%d", c->jobs);
        fmt_wan(oc, sizeof oc, c->output, true);
        snprintf(jd, sizeof jd, "%d", d->jobs);
        fmt_wan(od, sizeof od, d->output, true);
        const char *rows_s[][11] = {
            { P[a->person].name, P[a->person].id, COUNTY[a->county].name, "市级", "返乡创业明星", E[a->entity].name, E[a->entity].uscc, "2020", INDUSTRY[a->industry].label, ja, oa },
            { P[a->person].name, P[a->person].id, COUNTY[a->county].name, "市级", "返乡创业明星", E[a->entity].name, E[a->entity].uscc, "2020", INDUSTRY[a->industry].label, ja, oa },
            { P[b->person].name, P[b->person].id, COUNTY[b->county].name, "市级", "返乡创业明星企业", "", E[b->entity].uscc, "2020", INDUSTRY[b->industry].label, jb, ob },
            { P[c->person].name, P[c->person].id, COUNTY[c->county].name, "省级", "返乡创业明星企业", E[c->entity].name, bad, "2020", INDUSTRY[c->industry].label, jc, oc },
            { P[stranger].name, P[stranger].id, "市中区", "市级", "返乡创业明星", "", "", "2020", "餐饮", "5", "60" },
            { P[d->person].name, P[d->person].id, COUNTY[d->county].name, "省级", "返乡创业明星", E[d->entity].name, E[d->entity].uscc, "2020", INDUSTRY[d->industry].label, jd, od },
        };
        for (int i = 0; i < COUNT_OF(rows_s); i++)
            put_row(st, rows_s[i], 11, "\r\n");
        write_text(dir, "stars_messy.csv", st, ENC_UTF8_BOM);
        g_string_free(st, TRUE);
        g_string_append_printf(doc, "\n`stars_messy.csv` (UTF-8 with BOM), an award roster checked against the main sample\n"
            "(`../leshan_*.csv`):\n\n"
            "| 物理行 | 姓名 | 问题 |\n|---:|---|---|\n"
            "| 2 | %s | — (valid 市级 返乡创业明星) |\n"
            "| 3 | %s | same person, same level (市级) and year (2020) listed twice: counted once |\n"
            "| 4 | %s | 返乡创业明星企业 without 企业名称 |\n"
            "| 5 | %s | 统一社会信用代码 %s: check character wrong (should end %c) |\n"
            "| 6 | %s | person not in the records (ID %s) |\n"
            "| 7 | %s | — (valid 省级 返乡创业明星) |\n",
            P[a->person].name, P[a->person].name, P[b->person].name, P[c->person].name, bad,
            E[c->entity].uscc[17], P[stranger].name, P[stranger].id, P[d->person].name);
    }
    write_text(dir, "README.md", doc, ENC_UTF8);
    g_string_free(doc, TRUE);
    g_string_free(s, TRUE);
}

/* ------------------------------------------------------------------------------------------ */
/* Benchmark export: fast, no allocation per row.                                             */

typedef struct {
    char *buf, *p, *end;
    FILE *f;
    const char *path;
} sink;

static void sink_flush(sink *k)
{
    size_t n = (size_t)(k->p - k->buf);
    if (n && fwrite(k->buf, 1, n, k->f) != n)
        die("%s: write failed: %s", k->path, g_strerror(errno));
    k->p = k->buf;
}

/* A sink writing to path, flushed when fewer than `margin` bytes (a row's most) are left. */
static sink sink_open(const char *path, size_t margin)
{
    sink k = { .path = path };
    k.f = fopen(path, "wb");
    if (!k.f)
        die("%s: %s", path, g_strerror(errno));
    setvbuf(k.f, NULL, _IOFBF, 1 << 20);
    size_t cap = 8u << 20;
    k.buf = k.p = g_malloc(cap);
    k.end = k.buf + cap - margin;
    return k;
}

static inline void put_s(char **p, const char *s)
{
    size_t n = strlen(s);
    memcpy(*p, s, n);
    *p += n;
}

static inline void put_u(char **p, uint64_t v)
{
    char t[24];
    int n = 0;
    do {
        t[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *(*p)++ = t[--n];
}

static inline void put_2(char **p, int v)
{
    *(*p)++ = (char)('0' + v / 10);
    *(*p)++ = (char)('0' + v % 10);
}

static void put_iso(char **p, int day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    put_u(p, (uint64_t)y);
    *(*p)++ = '-';
    put_2(p, m);
    *(*p)++ = '-';
    put_2(p, d);
}

static void put_slash(char **p, int day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    put_u(p, (uint64_t)y);
    *(*p)++ = '/';
    put_u(p, (uint64_t)m);
    *(*p)++ = '/';
    put_u(p, (uint64_t)d);
}

static void put_wan(char **p, int64_t hundredths)   /* 0.01 万元 units, minimal decimals */
{
    put_u(p, (uint64_t)(hundredths / 100));
    int f = (int)(hundredths % 100);
    if (f) {
        *(*p)++ = '.';
        *(*p)++ = (char)('0' + f / 10);
        if (f % 10)
            *(*p)++ = (char)('0' + f % 10);
    }
}

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static const char *const BENCH_NOTE[] = {
    "", "已回访，经营正常，拟扩大生产规模", "享受一次性创业补贴，已办理营业执照",
    "疫情期间暂停营业，现已全面复工复产", "夫妻共同创业，主要销售本地农副产品",
    "返乡前在广东务工，从事电子装配工作", "入驻县创业孵化基地，租用村集体闲置厂房",
    "创业担保贷款按期还款，带动脱贫户就业", "电商直播带货，产品销往省内外",
};

static void bench(long rows, const char *path)
{
    enum { RING = 64, ROWMAX = 640 };
    static char ring[RING][ROWMAX];
    static int ringlen[RING];
    sink k = sink_open(path, 2 * ROWMAX);
    put_s(&k.p, "身份证号码,姓名,县(市、区),创业时间,经济实体名称,统一社会信用代码,带动就业人数,"
                "贷款金额(万元),贷款发放日期,年产值(万元),联系电话,备注\n");

    rng r = { UINT64_C(0xBE7C4) };
    const uint64_t persons = (uint64_t)(rows * 6 / 10) + 1;
    uint64_t next_new = 0;
    /* 17-digit prefixes: a bijection from person numbers onto (area, birthday, sequence) */
    const uint64_t NB = 14610, NS = 1000, N = 11 * NB * NS;   /* 11 coded counties, 1960-01-01 + 40 y */
    const int b0 = days_from_civil(1960, 1, 1);
    const int s0 = days_from_civil(2015, 1, 1), s1 = days_from_civil(2024, 12, 31);
    int ring_n = 0;

    for (long i = 0; i < rows; i++) {
        if (k.p >= k.end)
            sink_flush(&k);
        if (ring_n >= RING && rng_below(&r, 1000) < 50) {
            int j = (int)rng_below(&r, RING);
            memcpy(k.p, ring[j], (size_t)ringlen[j]);
            k.p += ringlen[j];
            continue;
        }
        uint64_t pn;
        if (next_new < persons && (next_new == 0 || rng_below(&r, 1000) < 632))
            pn = next_new++;
        else
            pn = rng_below(&r, (uint32_t)MIN(next_new, (uint64_t)UINT32_MAX));
        uint64_t h = mix64(pn + 1);
        uint64_t code = (pn * UINT64_C(2654435761) + 12345) % N;   /* 2654435761 is prime, not a factor of N */
        int area = (int)(code / (NB * NS)), bday = (int)(code / NS % NB), seq = (int)(code % NS);
        int home = area;                 /* the county of the startup, by the person's hash */
        if ((h & 31) == 0)
            home = GAOXIN;
        else if ((h >> 5 & 15) == 0)
            home = (int)((h >> 9) % (N_COUNTY - 1));

        char *row = k.p;
        char id[19];
        make_id(COUNTY[area].code, b0 + bday, seq, id);
        memcpy(k.p, id, 18);
        k.p += 18;
        *k.p++ = ',';
        const char *sur = SURNAME[(h >> 12) % COUNT_OF(SURNAME)];
        put_s(&k.p, sur);
        put_s(&k.p, (h >> 20 & 1) ? GIVEN_M[(h >> 21) % COUNT_OF(GIVEN_M)] : GIVEN_F[(h >> 21) % COUNT_OF(GIVEN_F)]);
        if ((h >> 30) & 3)
            put_s(&k.p, GIVEN_M[(h >> 32) % COUNT_OF(GIVEN_M)]);
        *k.p++ = ',';
        uint32_t roll = rng_below(&r, 1000);
        const county_def *c = &COUNTY[home];
        put_s(&k.p, roll < 100 && c->alt[0] ? c->alt[0] : c->name);
        *k.p++ = ',';
        int start = s0 + (int)rng_below(&r, (uint32_t)(s1 - s0 + 1));
        if (roll % 10 == 3)
            put_slash(&k.p, start);
        else
            put_iso(&k.p, start);
        *k.p++ = ',';
        int ind = (int)rng_below(&r, N_INDUSTRY);
        bool has_entity = rng_below(&r, 100) < 85;
        if (has_entity) {
            put_s(&k.p, c->prefix);
            put_s(&k.p, c->towns[rng_below(&r, (uint32_t)n_towns(home))]);
            put_s(&k.p, BRAND[rng_below(&r, COUNT_OF(BRAND))]);
            put_s(&k.p, sur);
            put_s(&k.p, "记");
            put_s(&k.p, INDUSTRY[ind].label);
            put_s(&k.p, (roll & 1) ? "有限公司" : "专业合作社");
        }
        *k.p++ = ',';
        if (has_entity && rng_below(&r, 100) < 60) {
            char u[19];
            make_uscc(&r, (roll & 1) ? '1' : '3', c->area, u);
            memcpy(k.p, u, 18);
            k.p += 18;
        }
        *k.p++ = ',';
        if (rng_below(&r, 100) < 12)
            put_u(&k.p, (uint64_t)job_count(&r));
        *k.p++ = ',';
        if (rng_below(&r, 100) < 30) {
            put_wan(&k.p, loan_amount(&r) / 10000);
            *k.p++ = ',';
            put_iso(&k.p, start + rng_between(&r, 7, 180));
        } else {
            *k.p++ = ',';
        }
        *k.p++ = ',';
        if (has_entity && rng_below(&r, 100) < 40)
            put_wan(&k.p, rng_between(&r, 500, 50000));
        *k.p++ = ',';
        put_u(&k.p, UINT64_C(13000000000) + (h >> 16) % UINT64_C(6999999999));
        *k.p++ = ',';
        put_s(&k.p, BENCH_NOTE[rng_below(&r, COUNT_OF(BENCH_NOTE))]);
        *k.p++ = '\n';
        int len = (int)(k.p - row);
        int slot = ring_n++ % RING;
        memcpy(ring[slot], row, (size_t)len);
        ringlen[slot] = len;
    }
    sink_flush(&k);
    if (fclose(k.f) != 0)
        die("%s: write failed: %s", path, g_strerror(errno));
    g_free(k.buf);
}

/* ------------------------------------------------------------------------------------------ */

static void init_globals(void)
{
    for (int i = 0; i < N_COUNTY; i++)
        county_weights[i] = COUNTY[i].weight;
    D2019_0101 = days_from_civil(2019, 1, 1);
    D2020_0101 = days_from_civil(2020, 1, 1);
    D2020_1201 = days_from_civil(2020, 12, 1);
    D2021_0101 = days_from_civil(2021, 1, 1);
    D2021_0615 = days_from_civil(2021, 6, 15);
    D2021_0616 = days_from_civil(2021, 6, 16);
    D2021_0630 = days_from_civil(2021, 6, 30);
}

/* ------------------------------------------------------------------------------------------ */
/* Overlapping exports: the two-export example of samples/ledger/ and monthly snapshots of one  */
/* ledger whose records are corrected over time (tests and `make bench`).                     */

static const char *const LEDGER_HEAD = "序号,姓名,身份证号码,县(市、区),创业时间,经济实体名称,"
                                       "统一社会信用代码,带动就业人数,贷款金额(万元),贷款发放日期,"
                                       "年产值(万元),联系电话\n";

/* samples/ledger/: the June export holds A (jobs 5, no loan) and B (jobs 3); the July export of
 * the same ledger gives A a 10 万元 loan of 2021-07-05 and B 8 jobs. */
static void write_ledger_example(const char *dir)
{
    char a[19], b[19];
    make_id("511123", days_from_civil(1988, 3, 14), 31, a);
    make_id("511123", days_from_civil(1992, 11, 2), 57, b);
    GString *s = g_string_new(LEDGER_HEAD);
    g_string_append_printf(s, "1,张红梅,%s,犍为县,2021-06-03,犍为县红梅茶叶加工厂,,5,,,,13800000001\n", a);
    g_string_append_printf(s, "2,李建国,%s,犍为县,2021-06-18,犍为县建国农机维修部,,3,,,,13800000002\n", b);
    write_text(dir, "2021-06.csv", s, ENC_UTF8);
    g_string_assign(s, LEDGER_HEAD);
    g_string_append_printf(s, "1,张红梅,%s,犍为县,2021-06-03,犍为县红梅茶叶加工厂,,5,10,2021-07-05,,13800000001\n", a);
    g_string_append_printf(s, "2,李建国,%s,犍为县,2021-06-18,犍为县建国农机维修部,,8,,,,13800000002\n", b);
    write_text(dir, "2021-07.csv", s, ENC_UTF8);
    g_string_free(s, TRUE);
}

/* One startup of the snapshot ledger, with the month (1-12) each change is first exported. */
typedef struct snap {
    char id[19];
    int county;
    int start, start_was, start_fixed;   /* a start date corrected in month start_fixed */
    int jobs, jobs_new, jobs_month;
    int64_t loan;                        /* fen */
    int loan_day;
    int loan_gone;                       /* a loan struck out again from this month */
    int name_month;                      /* entity name and credit code known from this month */
    char uscc[19];
    /* the start date given to the month only (2021年3月) in the snapshots before month_until
     * (13: in all), or from month_from on; in one of four spellings */
    int month_until, month_from, month_form;
} snap;

static int month_end(int m) { return days_from_civil(2021, m, days_in_month(2021, m)); }

static void snap_row(GString *s, const snap *x, int k, int seq)
{
    int start = x->start_fixed && k < x->start_fixed ? x->start_was : x->start;
    char day[16], lday[16] = "", loan[32] = "";
    fmt_date(day, sizeof day, start, 0, 0);
    if ((x->month_until && k < x->month_until) || (x->month_from && k >= x->month_from)) {
        static const char *const forms[] = { "%d-%02d", "%d年%d月", "%d/%02d", "%d%02d" };
        int y, m, d;
        civil_from_days(start, &y, &m, &d);
        snprintf(day, sizeof day, forms[x->month_form], y, m);
    }
    if (x->loan && x->loan_day <= month_end(k) && !(x->loan_gone && k >= x->loan_gone)) {
        fmt_date(lday, sizeof lday, x->loan_day, 0, 0);
        fmt_wan(loan, sizeof loan, x->loan, false);
    }
    bool named = k >= x->name_month;
    g_string_append_printf(s, "%d,返乡%d,%s,%s,%s,", seq, seq, x->id, COUNTY[x->county].name, day);
    if (named)
        g_string_append_printf(s, "%s返乡创业%s号店,%s", COUNTY[x->county].label, x->id + 12,
                               x->uscc);
    else
        g_string_append_c(s, ',');
    g_string_append_printf(s, ",%d,%s,%s,,\n", x->jobs_month && k >= x->jobs_month ? x->jobs_new
                                                                                  : x->jobs,
                           loan, lday);
}

/* Twelve monthly snapshots of a 2021 ledger of `rows` startups (ledger_2021-MM.csv: every
 * startup begun by the month's end, with its state then) and the increment of the third quarter
 * (increment_2021-Q3.csv: the startups begun July to September, as known at September's end).
 * Jobs are updated, loans granted (and a few struck out again), names and codes filled in and
 * a few start dates corrected over the year; 5 % of the people start twice. About 4 % of the
 * start dates are given to the month only in the earlier snapshots (or all), 1 % in the later
 * ones, and a fifth of the second startups fall in the month of the person's first, so that
 * month-precision dates meet days of their month, and sometimes two startups, across files. */
static void snapshots(long rows, const char *dir)
{
    if (g_mkdir_with_parents(dir, 0755) != 0)
        die("%s: %s", dir, g_strerror(errno));
    rng r = { UINT64_C(0x5AA95) };
    rng rm = { UINT64_C(0x3A7E5) };      /* month-only dates: a stream of their own */
    snap *v = g_new0(snap, (size_t)rows + 1);
    int jan1 = days_from_civil(2021, 1, 1);
    for (long i = 0; i < rows; i++) {
        snap *x = &v[i];
        x->county = (int)rng_below(&r, N_COUNTY - 1);
        const snap *again = NULL;
        if (i > 20 && rng_chance(&r, 50)) {          /* the same person again */
            again = &v[rng_below(&r, (uint32_t)i)];
            memcpy(x->id, again->id, sizeof x->id);
        } else {
            make_id(COUNTY[x->county].code, days_from_civil(1960, 1, 1) + (int)(i / 1000) * 7,
                    (int)(i % 1000), x->id);
        }
        x->start = jan1 + (int)rng_below(&r, 365);
        if (again && rng_chance(&rm, 200)) {         /* in the month of the first startup */
            int y, m, d;
            civil_from_days(again->start, &y, &m, &d);
            x->start = days_from_civil(y, m, rng_between(&rm, 1, days_in_month(y, m)));
        }
        int m0 = month_of(x->start) - (2021 * 12 - 1);
        x->jobs = rng_between(&r, 0, 9);
        if (m0 < 12 && rng_chance(&r, 200)) {
            x->jobs_new = rng_between(&r, 0, 20);
            x->jobs_month = rng_between(&r, m0 + 1, 12);
        }
        if (rng_chance(&r, 300)) {
            x->loan = (int64_t)rng_between(&r, 1, 30) * 100000;      /* 1-30 万元 steps of 0.1 */
            x->loan_day = x->start + rng_between(&r, 5, 150);
            if (x->loan_day > month_end(12))
                x->loan = 0, x->loan_day = 0;
            int lm = x->loan ? month_of(x->loan_day) - (2021 * 12 - 1) : 12;
            if (lm < 12 && rng_chance(&r, 30))
                x->loan_gone = rng_between(&r, lm + 1, 12);
        }
        x->name_month = rng_chance(&r, 100) ? rng_between(&r, m0, 12) : m0;
        make_uscc(&r, '2', COUNTY[x->county].area, x->uscc);
        if (rng_chance(&r, 10) && m0 < 11) {
            x->start_was = x->start;
            x->start = x->start + rng_between(&r, 1, 20);
            x->start_fixed = rng_between(&r, m0 + 1, 12);
            if (month_of(x->start) != month_of(x->start_was))
                x->start = x->start_was, x->start_was = 0, x->start_fixed = 0;
        }
        if (rng_chance(&rm, 40))
            x->month_until = rng_between(&rm, m0 + 1, 13);
        else if (m0 < 12 && rng_chance(&rm, 10))
            x->month_from = rng_between(&rm, m0 + 1, 12);
        x->month_form = (int)rng_below(&rm, 4);
    }
    GString *s = g_string_new(NULL);
    long total = 0;
    for (int k = 1; k <= 12; k++) {
        g_string_assign(s, LEDGER_HEAD);
        int seq = 0;
        for (long i = 0; i < rows; i++) {
            int start = v[i].start_fixed && k < v[i].start_fixed ? v[i].start_was : v[i].start;
            if (start <= month_end(k))
                snap_row(s, &v[i], k, ++seq);
        }
        char name[32];
        snprintf(name, sizeof name, "ledger_2021-%02d.csv", k);
        write_text(dir, name, s, ENC_UTF8);
        total += seq;
    }
    g_string_assign(s, LEDGER_HEAD);
    int seq = 0;
    for (long i = 0; i < rows; i++)
        if (v[i].start > month_end(6) && v[i].start <= month_end(9))
            snap_row(s, &v[i], 9, ++seq);
    write_text(dir, "increment_2021-Q3.csv", s, ENC_UTF8);
    fprintf(stderr, "gensamples: %ld startups, 12 snapshots of %ld rows in all\n", rows, total);
    g_string_free(s, TRUE);
    g_free(v);
}

static void usage(void)
{
    fputs("usage: gensamples samples DIR\n"
          "       gensamples bench ROWS FILE\n"
          "       gensamples training ROWS FILE\n"
          "       gensamples snapshots ROWS DIR\n"
          "       gensamples xlsx CSV FILE\n", stderr);
    exit(2);
}

static long rows_arg(const char *s)
{
    char *end;
    long rows = strtol(s, &end, 10);
    if (*end || rows < 0)
        usage();
    return rows;
}

/* A plain number as a spreadsheet holds one: no leading zero, at most 15 digits. */
static bool xlsx_number(const char *s, double *v)
{
    const char *p = s;
    int digits = 0;
    if (*p == '-')
        p++;
    if (*p == '0' && p[1] && p[1] != '.')
        return false;
    for (; *p >= '0' && *p <= '9'; p++)
        digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (*p || digits == 0 || digits > 15)
        return false;
    *v = g_ascii_strtod(s, NULL);
    return true;
}

typedef struct xlsx_sink {
    lxw_worksheet *ws;
    lxw_format *date;
    lxw_row_t row;
    lxw_col_t col;
} xlsx_sink;

static void xlsx_field(void *s, size_t len, void *data)
{
    xlsx_sink *x = data;
    char *f = g_strndup(s ? s : "", len);
    double v;
    int y, m, d;
    if (!*f) {
        /* nothing: an empty cell */
    } else if (x->row > 0 && strlen(f) == 10 && sscanf(f, "%4d-%2d-%2d", &y, &m, &d) == 3) {
        lxw_datetime dt = { y, (uint8_t)m, (uint8_t)d, 0, 0, 0 };
        worksheet_write_datetime(x->ws, x->row, x->col, &dt, x->date);
    } else if (x->row > 0 && xlsx_number(f, &v)) {
        worksheet_write_number(x->ws, x->row, x->col, v, NULL);
    } else {
        worksheet_write_string(x->ws, x->row, x->col, f, NULL);
    }
    g_free(f);
    x->col++;
}

static void xlsx_record(int c, void *data)
{
    (void)c;
    xlsx_sink *x = data;
    x->row++;
    x->col = 0;
}

static void to_xlsx(const char *csv_path, const char *path)
{
    FILE *in = fopen(csv_path, "rb");
    if (!in)
        die("%s: %s", csv_path, g_strerror(errno));
    lxw_workbook_options o = { .constant_memory = LXW_TRUE };
    lxw_workbook *wb = workbook_new_opt(path, &o);
    if (!wb)
        die("%s: cannot be written", path);
    xlsx_sink x = { workbook_add_worksheet(wb, "返乡创业"), workbook_add_format(wb), 0, 0 };
    format_set_num_format(x.date, "yyyy-mm-dd");
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (csv_parse(&p, buf, n, xlsx_field, xlsx_record, &x) != n)
            die("%s: %s", csv_path, csv_strerror(csv_error(&p)));
    csv_fini(&p, xlsx_field, xlsx_record, &x);
    csv_free(&p);
    fclose(in);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        die("%s: %s", path, lxw_strerror(e));
}

/* ------------------------------------------------------------------------------------------ */
/* The other real-name lists (issue 18): 培训台账, 意愿摸底表, 项目库, 导师名册, 服务记录. Their   */
/* figures are the reply's: 培训创业人员4245人次 (创业培训 ended in 2020), 创业意愿412个 and      */
/* 培训意愿631个 (the 2021 Spring Festival survey), 返乡创业项目104个 published by 2021-06-15    */
/* (said 100余个), a mentor team of 56 and 1083 guidance services (上千人次). Own stream.       */

enum {
    K_TRAIN_2020 = 4245,    /* 创业培训 rows ended in 2020 */
    K_TRAIN_REPEAT = 310,   /*   of which a second course of the same person */
    K_BRAND_2020 = 2600,    /* 劳务品牌培训 rows ended in 2020 (not counted above) */
    K_SKILL_2020 = 900,     /* 技能培训 */
    K_TRAIN_2021 = 1650,    /* 创业培训 rows ended 2021-01-01..06-30 */
    K_BRAND_2021 = 3400,
    K_SURVEY = 1480,        /* survey answers */
    K_SURVEY_START = 412, K_SURVEY_TRAIN = 631, K_SURVEY_BOTH = 96,
    K_PROJECTS = 104, K_PROJECTS_LATE = 3,
    K_MENTORS = 56, K_MENTORS_LATE = 2,
    K_SERVICES = 1083,
};

static const char *const COURSE_START[] = { "SYB创业培训", "网络创业培训", "创业+电商", "创业+技能",
    "IYB改善你的企业", "返乡创业实训班" };
static const char *const COURSE_BRAND[] = { "乐山钵钵鸡师傅", "峨眉山茶艺师", "嘉州绣娘", "乐山家政服务员",
    "沐川竹编匠人" };
static const char *const COURSE_SKILL[] = { "电工", "焊工", "中式面点师", "育婴员" };
static const char *const INSTITUTION[] = { "乐山职业技术学院", "乐山市就业创业培训中心", "四川嘉州职业培训学校",
    "乐山市技工学校", "峨眉山市职业技术学校" };

/* A fresh 18-digit ID in county c's area (mentors are not in the startup ledger). */
static void fresh_id(rng *r, int c, char out[19])
{
    for (;;) {
        int by = 1965 + rng_between(r, 0, 30);
        make_id(COUNTY[c == GAOXIN ? 0 : c].code, days_from_civil(by, 1, 1) + rng_between(r, 0, 364),
                rng_between(r, 0, 999), out);
        char key[18];
        memcpy(key, out, 17);
        key[17] = '\0';
        if (!g_hash_table_contains(id_seen, key)) {
            g_hash_table_add(id_seen, g_strdup(key));
            return;
        }
    }
}

static void put_date(GString *s, int day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    g_string_append_printf(s, "%04d-%02d-%02d", y, m, d);
}

/* One training row: name, ID, county, course, category, start, end, institution, hours. */
static void training_row(GString *s, int who, const char *course, const char *cat, int start,
                         int days, rng *r)
{
    const person *p = &P[who];
    g_string_append_printf(s, "%s,%s,%s,%s,%s,", p->name, p->id, COUNTY[p->home].name, course, cat);
    put_date(s, start);
    g_string_append_c(s, ',');
    put_date(s, start + days);
    g_string_append_printf(s, ",%s,%d\r\n", PICK(r, INSTITUTION), days * 8);
}

static void write_kinds(const char *dir)
{
    rng r = { UINT64_C(0x18181818) };
    const char *h_train = "姓名,身份证号码,县(市、区),培训项目,培训类别,开班日期,结业日期,培训机构,课时\r\n";
    int d2020 = days_from_civil(2020, 1, 1), d2021 = days_from_civil(2021, 1, 1);

    /* 2020: 创业培训 rows; a few persons take a second course */
    GString *a = g_string_new(h_train), *b = g_string_new(h_train);
    int *who = g_new(int, K_TRAIN_2020);
    for (int i = 0; i < K_TRAIN_2020; i++) {
        who[i] = i >= K_TRAIN_2020 - K_TRAIN_REPEAT ? who[rng_below(&r, K_TRAIN_2020 - K_TRAIN_REPEAT)]
                                                      : (int)rng_below(&r, (uint32_t)np);
        int days = rng_between(&r, 5, 10);
        /* courses end inside 2020; December's are exported again in 2021's list */
        int start = d2020 + rng_between(&r, 0, 365 - 1 - days);
        char course[64];
        snprintf(course, sizeof course, "%s第%d期", PICK(&r, COURSE_START), 1 + i % 40);
        training_row(a, who[i], course, "创业培训", start, days, &r);
        if (start + days >= days_from_civil(2020, 12, 1))
            training_row(b, who[i], course, "创业培训", start, days, &r);
        if (i % 1000 == 17)     /* the same row twice in one export: 重复 */
            training_row(a, who[i], course, "创业培训", start, days, &r);
    }
    for (int i = 0; i < K_BRAND_2020 + K_SKILL_2020; i++) {
        bool brand = i < K_BRAND_2020;
        int days = rng_between(&r, 5, 15);
        char course[64];
        snprintf(course, sizeof course, "%s第%d期", brand ? PICK(&r, COURSE_BRAND) : PICK(&r, COURSE_SKILL),
                 1 + i % 30);
        training_row(a, (int)rng_below(&r, (uint32_t)np), course, brand ? "劳务品牌培训" : "技能培训",
                     d2020 + rng_between(&r, 0, 340), days, &r);
    }
    /* 2021 to 2021-06-30 (the tracked year; 返乡创业培训 and 劳务品牌培训 counted in persons) */
    for (int i = 0; i < K_TRAIN_2021 + K_BRAND_2021; i++) {
        bool brand = i >= K_TRAIN_2021;
        int days = rng_between(&r, 5, 10);
        char course[64];
        snprintf(course, sizeof course, "%s第%d期", brand ? PICK(&r, COURSE_BRAND) : PICK(&r, COURSE_START),
                 41 + i % 30);
        training_row(b, (int)rng_below(&r, (uint32_t)np), course, brand ? "劳务品牌培训" : "创业培训",
                     d2021 + rng_between(&r, 0, 180 - days), days, &r);
    }
    write_text(dir, "training_2020.csv", a, ENC_UTF8_BOM);
    write_text(dir, "training_2021_h1.csv", b, ENC_GB18030);
    g_free(who);

    /* the Spring Festival survey of 2021 */
    g_string_assign(a, "姓名,身份证号码,县(市、区),调查日期,有创业意愿,有培训意愿,意向项目\r\n");
    for (int i = 0; i < K_SURVEY; i++) {
        const person *p = &P[rng_below(&r, (uint32_t)np)];
        bool st = i < K_SURVEY_START;
        bool tr = (i >= K_SURVEY_START - K_SURVEY_BOTH && i < K_SURVEY_START)
                  || (i >= K_SURVEY_START && i < K_SURVEY_START + K_SURVEY_TRAIN - K_SURVEY_BOTH);
        g_string_append_printf(a, "%s,%s,%s,", p->name, p->id, COUNTY[p->home].name);
        put_date(a, days_from_civil(2021, 1, 25) + rng_between(&r, 0, 34));
        g_string_append_printf(a, ",%s,%s,%s\r\n", st ? "是" : "否", tr ? "是" : "否",
                               st ? PICK(&r, CROP) : "");
    }
    write_text(dir, "survey_2021.csv", a, ENC_UTF8_BOM);

    /* 返乡创业地图: projects, three published after the reply */
    g_string_assign(a, "项目名称,县(市、区),所属行业,发布日期,投资额(万元)\r\n");
    for (int i = 0; i < K_PROJECTS + K_PROJECTS_LATE; i++) {
        int c = pick_county(&r);
        int day = i < K_PROJECTS ? days_from_civil(2020, 3, 1) + rng_between(&r, 0, 440)
                                 : days_from_civil(2021, 6, 20) + i % 5;
        g_string_append_printf(a, "%s%s%s项目%d号,%s,%s,", COUNTY[c].label, PICK(&r, CROP),
                               i % 2 ? "种植基地" : "加工", i + 1, COUNTY[c].name,
                               i % 2 ? "种植业" : "农产品加工");
        put_date(a, day);
        g_string_append_printf(a, ",%d\r\n", 50 + rng_between(&r, 0, 950));
    }
    write_text(dir, "projects_map.csv", a, ENC_UTF8_BOM);

    /* 导师名册 and their 服务记录 */
    static const char *const MTYPE[] = { "成功企业家", "职业经理人", "电商辅导员", "创业带头人" };
    g_string_assign(a, "导师编号,姓名,身份证号码,县(市、区),导师类别,聘任日期\r\n");
    for (int i = 0; i < K_MENTORS + K_MENTORS_LATE; i++) {
        int c = pick_county(&r);
        char id[19];
        fresh_id(&r, c, id);
        int day = i < K_MENTORS ? days_from_civil(2020, 4, 1) + rng_between(&r, 0, 400)
                                : days_from_civil(2021, 6, 25);
        g_string_append_printf(a, "DS%03d,%s%s,%s,%s,%s,", i + 1, SURNAME[rng_below(&r, COUNT_OF(SURNAME))],
                               PICK(&r, GIVEN_M), id, COUNTY[c].name, MTYPE[i % 4]);
        put_date(a, day);
        g_string_append(a, "\r\n");
    }
    write_text(dir, "mentors.csv", a, ENC_UTF8_BOM);
    static const char *const STYPE[] = { "项目评估", "坐诊咨询", "实地走访", "跟踪服务" };
    g_string_assign(a, "导师编号,服务对象姓名,服务对象身份证号码,县(市、区),服务日期,服务方式\r\n");
    for (int i = 0; i < K_SERVICES; i++) {
        const person *p = &P[rng_below(&r, (uint32_t)np)];
        g_string_append_printf(a, "DS%03d,%s,%s,%s,", 1 + (int)rng_below(&r, K_MENTORS), p->name, p->id,
                               COUNTY[p->home].name);
        put_date(a, days_from_civil(2020, 7, 1) + rng_between(&r, 0, 349));
        g_string_append_printf(a, ",%s\r\n", PICK(&r, STYPE));
    }
    write_text(dir, "services_2020_2021.csv", a, ENC_UTF8_BOM);
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
}

/* A benchmark 培训台账 of ROWS rows (issue 18): persons drawn from the same ID bijection as the
 * bench export (so trainees are also founders), a course of about 50 per county and year,
 * 2015 – 2024, three categories. */
static void bench_training(long rows, const char *path)
{
    static const char *const CAT[] = { "创业培训", "劳务品牌培训", "技能培训" };
    sink k = sink_open(path, 1024);
    put_s(&k.p, "姓名,身份证号码,县(市、区),培训项目,培训类别,开班日期,结业日期,培训机构,课时\n");
    rng r = { UINT64_C(0x7A1171) };
    const uint64_t persons = (uint64_t)(rows * 7 / 10) + 1;
    const uint64_t NB = 14610, NS = 1000, N = 11 * NB * NS;
    const int b0 = days_from_civil(1960, 1, 1);
    const int s0 = days_from_civil(2015, 1, 1), s1 = days_from_civil(2024, 12, 20);
    for (long i = 0; i < rows; i++) {
        if (k.p >= k.end)
            sink_flush(&k);
        uint64_t pn = rng_below(&r, (uint32_t)MIN(persons, (uint64_t)UINT32_MAX));
        uint64_t h = mix64(pn + 1);
        uint64_t code = (pn * UINT64_C(2654435761) + 12345) % N;
        int area = (int)(code / (NB * NS)), bday = (int)(code / NS % NB), seq = (int)(code % NS);
        char id[19];
        make_id(COUNTY[area].code, b0 + bday, seq, id);
        put_s(&k.p, SURNAME[(h >> 12) % COUNT_OF(SURNAME)]);
        put_s(&k.p, GIVEN_M[(h >> 21) % COUNT_OF(GIVEN_M)]);
        *k.p++ = ',';
        memcpy(k.p, id, 18);
        k.p += 18;
        *k.p++ = ',';
        put_s(&k.p, COUNTY[area].name);
        *k.p++ = ',';
        int cat = (int)rng_below(&r, 3);
        int start = s0 + (int)rng_below(&r, (uint32_t)(s1 - s0 + 1));
        put_s(&k.p, cat == 1 ? BRAND[rng_below(&r, COUNT_OF(BRAND))] : COURSE_START[rng_below(&r, COUNT_OF(COURSE_START))]);
        put_s(&k.p, "第");
        put_u(&k.p, 1 + rng_below(&r, 50));
        put_s(&k.p, "期,");
        put_s(&k.p, CAT[cat]);
        *k.p++ = ',';
        put_iso(&k.p, start);
        *k.p++ = ',';
        put_iso(&k.p, start + 5 + (int)rng_below(&r, 6));
        *k.p++ = ',';
        put_s(&k.p, INSTITUTION[rng_below(&r, COUNT_OF(INSTITUTION))]);
        *k.p++ = ',';
        put_u(&k.p, 40 + rng_below(&r, 41));
        *k.p++ = '\n';
    }
    sink_flush(&k);
    if (fclose(k.f) != 0)
        die("%s: write failed: %s", path, g_strerror(errno));
    g_free(k.buf);
}

int main(int argc, char **argv)
{
    init_globals();
    if (argc == 3 && strcmp(argv[1], "samples") == 0) {
        const char *dir = argv[2];
        char *messy = g_build_filename(dir, "messy", NULL);
        if (g_mkdir_with_parents(messy, 0755) != 0)
            die("%s: %s", messy, g_strerror(errno));
        P = g_new0(person, MAX_PERSONS);
        R = g_new0(record, MAX_RECORDS);
        E = g_new0(entity, MAX_ENTITIES);
        id_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        name_seen = g_hash_table_new(g_str_hash, g_str_equal);
        uscc_seen = g_hash_table_new(g_str_hash, g_str_equal);
        build_ledger();
        check_figures();
        write_exports(dir);
        write_targets(dir);
        write_stars(dir);
        write_county(dir);
        write_messy(messy);
        char *ledger = g_build_filename(dir, "ledger", NULL);
        if (g_mkdir_with_parents(ledger, 0755) != 0)
            die("%s: %s", ledger, g_strerror(errno));
        write_ledger_example(ledger);
        g_free(ledger);
        write_kinds(dir);
        g_hash_table_destroy(id_seen);
        g_hash_table_destroy(name_seen);
        g_hash_table_destroy(uscc_seen);
        g_free(P);
        g_free(R);
        g_free(E);
        g_free(messy);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "snapshots") == 0) {
        snapshots(rows_arg(argv[2]), argv[3]);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "xlsx") == 0) {
        to_xlsx(argv[2], argv[3]);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "bench") == 0) {
        bench(rows_arg(argv[2]), argv[3]);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "training") == 0) {
        bench_training(rows_arg(argv[2]), argv[3]);
        return 0;
    }
    usage();
}
