package factlock

import (
	"regexp"
	"strings"
)

// idioms are fixed expressions of report language whose numerals are not
// figures: slogans, formulae, planning periods, levels and everyday words.
// A figure the finder reads inside one of them (the 一项 of 其中一项, the 一次
// of 综合查一次, the 三级 of 三级联动) is not judged. The list was built from
// the seed and from published 法治政府建设 and 政府信息公开 reports.
var idioms = []string{
	// Everyday words and structure.
	"其中一项", "其中一个", "其中一名", "其中一人", "其中一次", "每一项", "每一个", "每一位", "一项项", "一件件", "一个个",
	"一是", "二是", "三是", "四是", "五是", "六是", "一方面", "另一方面", "进一步", "统一", "唯一", "之一", "一致",
	"一系列", "一批", "一线", "一起", "一律", "一般", "同一", "一同", "一并", "一道", "一流", "一览", "一盘棋",
	"一体化", "一体推进", "一体建设", "一体协同", "一次性", "一站式", "一对一", "一事一议", "一事一审", "一案一档",
	"一把手", "一岗双责", "一级抓一级", "第一责任人", "第一责任", "第一议题", "第一序列", "首问负责", "首批", "首个", "首部",
	"一年来", "多年来", "近年来", "一段时间", "一定程度", "一时", "万无一失", "一张网", "一张图", "一号文件",
	"二十四小时", "24小时", "15分钟", "全天候",
	// Political and planning formulae.
	"两个确立", "两个维护", "四个意识", "四个自信", "三个代表", "四个全面", "十二个坚持", "十一个坚持", "两个一百年",
	"第二个百年", "第一个五年", "五个更好统筹", "八八战略", "一带一路", "二十大", "二十届", "十九大", "十九届", "十八大",
	"十八届", "十七届", "十一届三中全会", "四中全会", "三中全会", "二中全会", "五中全会", "六中全会", "全国两会",
	"十四五", "十五五", "十三五", "十二五", "一五普法", "二五普法", "三五普法", "四五普法", "五五普法", "六五普法",
	"七五普法", "八五普法", "九五普法", "七五", "八五", "九五", "一规划两纲要", "两纲要", "三年行动", "十项行动",
	"三重一大", "三会一课", "三服务", "两张清单", "两委", "四风", "四为", "四率", "三率", "四乱", "三位一体", "四梁八柱",
	"双随机、一公开", "双随机一公开", "一公开", "两法衔接", "五级书记", "三级书记", "四下基层", "三农", "六稳", "六保",
	"三改一拆", "五水共治", "两代表一委员", "一案三制", "三治融合", "三调对接", "一庭两所", "法律七进", "法律六进",
	"七进", "六进", "五进", "四进", "三进",
	// Service slogans.
	"一网通办", "一网统管", "一网办", "一网申请", "一线通", "一窗受理", "一窗通办", "一件事一次办", "高效办成一件事",
	"一件事", "综合查一次", "最多跑一次", "跑一次", "一次办", "一次告知", "一次性告知", "一业一证", "一证准营", "多规合一",
	"多表合一", "三审三校", "五步程序", "三项制度", "九项准则", "首违不罚", "首违免罚", "三品一特", "一村（社区）一法律顾问",
	"一村一法律顾问", "一村(社区)一法律顾问", "四级四同", "九好办", "三办", "每周一议",
	// Levels and tiers.
	"两级", "三级", "四级", "五级", "二级以上", "三级以上", "一级至四级", "一级调解员", "二级调解员", "三级调解员",
	"四级调解员", "区、镇两级", "市县乡三级", "省市县乡村五级", "第一批", "第二批", "第三批", "第四批", "第五批",
	"第六批", "第七批", "第八批", "第九批",
	// Programme codes.
	"1+5", "1+2+N", "3+X", "1+N",
	// Day names.
	"国家宪法日", "宪法宣传周",
}

// idiomRanges returns the byte ranges of every idiom occurrence in text.
func idiomRanges(text string) [][2]int {
	var out [][2]int
	for _, w := range idioms {
		for i := 0; ; {
			j := strings.Index(text[i:], w)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(w)
			i = end
			// 120 is the ambulance line, not the start of 1205件: a code
			// made of digits must stand alone.
			if isDigit(w[0]) && start > 0 && isDigit(text[start-1]) || isDigit(w[len(w)-1]) && end < len(text) && isDigit(text[end]) {
				continue
			}
			out = append(out, [2]int{start, end})
		}
	}
	for _, m := range namedDay.FindAllStringIndex(text, -1) {
		out = append(out, [2]int{m[0], m[1]})
	}
	for _, m := range docNumber.FindAllStringIndex(text, -1) {
		out = append(out, [2]int{m[0], m[1]})
	}
	return out
}

// namedDay is a day written as a number before its name: 12.4国家宪法日,
// 6.26国际禁毒日, 3·15.
var namedDay = regexp.MustCompile(`[0-9]{1,2}[.·][0-9]{1,2}[^，。；、]{0,6}?(日|周|活动)`)

// docNumber is a document's number: 〔2025〕19号, 国务院令第711号.
var docNumber = regexp.MustCompile(`[〔\[（(][0-9]{4}[〕\]）)][0-9]+号|第[0-9]+号`)

// overlaps reports whether [start, end) overlaps any of ranges.
func overlaps(start, end int, ranges [][2]int) bool {
	for _, r := range ranges {
		if start < r[1] && r[0] < end {
			return true
		}
	}
	return false
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
