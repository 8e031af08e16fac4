// Common Han characters, used to tell GBK/GB18030 from Big5 when a sample decodes cleanly as both
// (short files do: almost any run of bytes 0xA1–0xFE pairs is valid in each). Text read with the
// right encoding is mostly common characters; read with the wrong one it turns into rare ones
// (姓名,电话 in GBK read as Big5 is 俷靡,萇趕), so the decoding with more common characters wins.
//
// How the list was made: SIMPLIFIED is about the 545 most frequent characters of modern written
// Chinese, in the order of the published frequency lists (Jun Da's "Modern Chinese Character
// Frequency List" and the like), written down for this file rather than copied from one, so the
// order is approximate; TRADITIONAL is the same characters, line for line, in Taiwan's standard
// forms (a character that has one form in both scripts repeats). The words below them are what lead
// lists are made of and frequency lists of prose rank low: spreadsheet headers, company and address
// words, place names, the commonest surnames and given-name characters, in each script.
// test/io/encodingGuess.test.ts checks that every character is in GBK or Big5 as its script needs.
// Tune with care: a larger set also matches more of the garbage a wrong decoding makes.

/** ≈ the 545 most frequent characters of simplified Chinese, about 20 a line. */
export const SIMPLIFIED = `
的一是不了在人有我他这个们中来上大为和国
地到以说时要就出会可也你对生能而子那得于着
下自之年过发后作里用道行所然家种事成方多经
么去法学如都同现当没动面起看定天分还进好小
部其些主样理心她本前开但因只从想实日军者意
无力它与长把机十民第公此已工使情明性知全三
又关点正业外将两高间由问很最重并物手应战向
头文体政美相见被利什二等产或新己制身果加西
斯月话合回特代内信表化老给世位次度门任常先
海通教儿原东声提立及比员解水名真论处走义各
入几口认条平系气题活尔更别打女变四神总何电
数安少报才结反受目太量再感建务做接必场件计
管期市直德资命山金指克许统区保至队形社便空
决治展马科司五基眼书非则听白却界达光放强即
像难且权思王象完设式色路记南品住告类求据程
北边死张该交规万取拉格望觉术领共确传师观清
今切院让识候带导争运笑飞风步改收根干造言联
持组每济车亲极林服快办议往元英士证近失转夫
令准布始怎呢存未远叫台单影具罗字爱击流备兵
连调深商算质团集百需价花党华城石级整府离况
亚请技际约示复病息究线似官火断精满支视消越
器容照须九增研写称企八功吗包片史委乎查轻易
早曾除农找装广显吧阿李标谈吃图念六引历首医
局突专费号尽另周较注语仅考落青随选列武红响
虽推势参希古众构房半节土投某案黑维革划敌致
陈律足态护七兴派孩验责营星够章音跟志底站严
`;

/** The same characters in traditional (Taiwan) forms, line for line. */
export const TRADITIONAL = `
的一是不了在人有我他這個們中來上大為和國
地到以說時要就出會可也你對生能而子那得於著
下自之年過發後作裡用道行所然家種事成方多經
麼去法學如都同現當沒動面起看定天分還進好小
部其些主樣理心她本前開但因只從想實日軍者意
無力它與長把機十民第公此已工使情明性知全三
又關點正業外將兩高間由問很最重並物手應戰向
頭文體政美相見被利什二等產或新己制身果加西
斯月話合回特代內信表化老給世位次度門任常先
海通教兒原東聲提立及比員解水名真論處走義各
入幾口認條平系氣題活爾更別打女變四神總何電
數安少報才結反受目太量再感建務做接必場件計
管期市直德資命山金指克許統區保至隊形社便空
決治展馬科司五基眼書非則聽白卻界達光放強即
像難且權思王象完設式色路記南品住告類求據程
北邊死張該交規萬取拉格望覺術領共確傳師觀清
今切院讓識候帶導爭運笑飛風步改收根幹造言聯
持組每濟車親極林服快辦議往元英士證近失轉夫
令準布始怎呢存未遠叫台單影具羅字愛擊流備兵
連調深商算質團集百需價花黨華城石級整府離況
亞請技際約示復病息究線似官火斷精滿支視消越
器容照須九增研寫稱企八功嗎包片史委乎查輕易
早曾除農找裝廣顯吧阿李標談吃圖念六引歷首醫
局突專費號盡另周較注語僅考落青隨選列武紅響
雖推勢參希古眾構房半節土投某案黑維革劃敵致
陳律足態護七興派孩驗責營星夠章音跟志底站嚴
`;

/** Lead-list words in simplified Chinese: headers, companies, addresses, places, surnames, given names. */
export const SIMPLIFIED_WORDS = `
姓名 电话 手机 号码 座机 固话 传真 地址 公司 邮箱 电子邮件 备注 客户 名称 标签 城市 省份 区域
生日 负责人 职称 职位 联系 联络 国家 来源 状态 日期 时间 性别 年龄 部门 微信 网址 邮编 行业
意向 等级 跟进 记录 成交 金额 产品 数量 单价 订单 编号 序号 名字 先生 女士 小姐 经理 总监
有限公司 股份 科技 贸易 实业 集团 企业 工业 商贸 银行 保险 医院 学校 大学 酒店 餐饮 房地产
物业 装饰 建筑 工程 咨询 服务 营销 网络 信息 软件 广告 文化 传媒 教育 培训 投资 控股 责任
县 镇 乡 村 街道 楼 栋 单元 小区 大厦 广场 中心 花园 北京 上海 广州 深圳 天津 重庆 杭州
南京 武汉 成都 西安 苏州 郑州 长沙 沈阳 青岛 宁波 东莞 无锡 厦门 福州 济南 合肥 昆明 大连
哈尔滨 朝阳 海淀 浦东 福田 南山 宝安 江苏 浙江 广东 山东 河南 河北 湖南 湖北 四川 福建
安徽 辽宁 陕西 山西 江西 云南 贵州 广西 吉林 黑龙江 内蒙古 新疆 甘肃 海南 宁夏 青海 西藏
王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶
程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾
毛郝龚邵万钱严覃武戴莫孔向汤赖洪游詹简傅施翁柯温涂庄卓
伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红燕婷雪琳晶辉鹏斌宇浩凯俊志建丹宁
佳欣怡琪梅兰凤云飞峰波鑫亮晨阳春海东然涵梓轩豪诺婉颖倩慧莉琴玲晓雯君嘉淑惠
`;

/** Lead-list words in traditional Chinese (Taiwan, Hong Kong): as above. */
export const TRADITIONAL_WORDS = `
姓名 電話 手機 號碼 市話 室內電話 傳真 地址 公司 郵箱 信箱 電子郵件 備註 客戶 名稱 標籤 城市
縣市 區域 生日 負責人 職稱 職位 聯絡 聯繫 國家 來源 狀態 日期 時間 性別 年齡 部門 網址
郵遞區號 行業 意向 等級 跟進 紀錄 記錄 成交 金額 產品 數量 單價 訂單 編號 序號 名字 先生 女士
小姐 經理 總監 有限公司 股份 科技 貿易 實業 集團 企業 工業 商行 銀行 保險 醫院 學校 大學 飯店
餐飲 房地產 建設 物業 裝潢 建築 工程 顧問 服務 行銷 網路 資訊 軟體 廣告 文化 傳媒 教育 培訓
投資 控股 責任 製造 乾淨 複合 臺 縣 鄉 鎮 村 里 鄰 街 段 巷 弄 樓 之 大道 台北 臺北 新北 桃園
台中 臺中 台南 臺南 高雄 基隆 新竹 苗栗 彰化 南投 雲林 嘉義 屏東 宜蘭 花蓮 台東 澎湖 金門
香港 澳門 九龍 新界
王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾蕭肖田董袁潘于蔣蔡余杜葉
程蘇魏呂丁任沈姚盧姜崔鍾鐘譚陸汪范金石廖賈夏韋付方白鄒孟熊秦邱江尹薛閻段雷侯龍史陶黎賀顧
毛郝龔邵萬錢嚴覃武戴莫孔向湯賴洪游詹簡傅施翁柯溫涂莊卓歐陽
偉芳娜敏靜麗強磊軍洋勇豔傑杰娟濤明超秀霞平剛桂英華玉萍紅燕婷雪琳晶輝鵬斌宇浩凱俊志建丹寧
佳欣怡琪梅蘭鳳雲飛峰波鑫亮晨陽春海東然涵梓軒豪諾婉穎倩慧莉琴玲曉雯君嘉淑惠宜庭雅芬佩宏廷
承恩宗翰柏彥瑋琦萱筠翔哲瑜
`;

const HAN = /\p{Script=Han}/u;

/**
 * Characters Chinese lead lists (almost) never hold but a wrong reading of GBK or Big5 bytes often
 * makes: private use (GBK's user-defined rows), kana, Greek, Cyrillic, box drawing. Full-width
 * punctuation, digits and letters, circled numbers and the like are neither common nor unlikely:
 * real files have them and both readings make them.
 */
const UNLIKELY = /[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\ue000-\uf8ff]/u;

/** Every Han character of the four strings above (both scripts: the score must not favour either). */
export const COMMON_HAN: ReadonlySet<string> = new Set(
  [...(SIMPLIFIED + TRADITIONAL + SIMPLIFIED_WORDS + TRADITIONAL_WORDS)].filter((c) => HAN.test(c)),
);

export interface HanScore {
  /** Han characters in the text. */
  han: number;
  /** Of those, the ones in COMMON_HAN. */
  common: number;
  /** Characters that a right reading of Chinese text hardly ever has (see UNLIKELY). */
  unlikely: number;
}

/** How many of a text's Han characters are common ones, and how many of its characters are unlikely. */
export function hanScore(text: string): HanScore {
  let han = 0;
  let common = 0;
  let unlikely = 0;
  for (const ch of text) {
    // Fast path: ASCII and Latin are most of many files and neither Han nor unlikely.
    if (ch.charCodeAt(0) < 0x370) continue;
    if (HAN.test(ch)) {
      han++;
      if (COMMON_HAN.has(ch)) common++;
    } else if (UNLIKELY.test(ch)) unlikely++;
  }
  return { han, common, unlikely };
}
