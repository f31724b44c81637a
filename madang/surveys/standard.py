"""The standard instruments, shipped as locked templates.

SUS: Brooke, J. (1996). "SUS: a quick and dirty usability scale". In Usability Evaluation in Industry, 189-194.
The English items are Brooke's. The Korean, Japanese and Chinese wordings are Madang's working translations: they
follow the English closely but have not been validated psychometrically; say so when comparing across languages.
SEQ: the Single Ease Question (Sauro & Dumas 2009, "Comparison of three one-question, post-task usability
questionnaires", CHI '09), seven points from very difficult to very easy.
"""

from typing import Any

SUS_ITEMS: list[dict[str, str]] = [
    {
        "en": "I think that I would like to use this system frequently.",
        "ko": "이 시스템을 자주 사용하고 싶다.",
        "ja": "このシステムをしばしば使いたいと思う。",
        "zh-hans": "我想我会愿意经常使用这个系统。",
    },
    {
        "en": "I found the system unnecessarily complex.",
        "ko": "이 시스템이 불필요하게 복잡하다고 느꼈다.",
        "ja": "このシステムは不必要なほど複雑だと感じた。",
        "zh-hans": "我发现这个系统过于复杂。",
    },
    {
        "en": "I thought the system was easy to use.",
        "ko": "이 시스템이 사용하기 쉽다고 생각했다.",
        "ja": "このシステムは使いやすいと思った。",
        "zh-hans": "我认为这个系统容易使用。",
    },
    {
        "en": "I think that I would need the support of a technical person to be able to use this system.",
        "ko": "이 시스템을 사용하려면 기술을 잘 아는 사람의 도움이 필요할 것 같다.",
        "ja": "このシステムを使うには、技術に詳しい人のサポートが必要だと思う。",
        "zh-hans": "我想我需要技术人员的帮助才能使用这个系统。",
    },
    {
        "en": "I found the various functions in this system were well integrated.",
        "ko": "이 시스템의 여러 기능이 잘 어우러져 있다고 느꼈다.",
        "ja": "このシステムのさまざまな機能はうまくまとまっていると感じた。",
        "zh-hans": "我发现这个系统的各项功能整合得很好。",
    },
    {
        "en": "I thought there was too much inconsistency in this system.",
        "ko": "이 시스템에는 일관성이 없는 부분이 너무 많다고 생각했다.",
        "ja": "このシステムには一貫性のないところが多すぎると思った。",
        "zh-hans": "我认为这个系统中有太多不一致的地方。",
    },
    {
        "en": "I would imagine that most people would learn to use this system very quickly.",
        "ko": "대부분의 사람들이 이 시스템 사용법을 매우 빨리 배울 것 같다.",
        "ja": "たいていの人は、このシステムの使い方をとても早く覚えられると思う。",
        "zh-hans": "我想大多数人都能很快学会使用这个系统。",
    },
    {
        "en": "I found the system very cumbersome to use.",
        "ko": "이 시스템은 사용하기 매우 번거롭다고 느꼈다.",
        "ja": "このシステムはとても扱いにくいと感じた。",
        "zh-hans": "我发现这个系统用起来非常麻烦。",
    },
    {
        "en": "I felt very confident using the system.",
        "ko": "이 시스템을 사용하면서 매우 자신감을 느꼈다.",
        "ja": "このシステムを使うことにとても自信を感じた。",
        "zh-hans": "我在使用这个系统时感到很有信心。",
    },
    {
        "en": "I needed to learn a lot of things before I could get going with this system.",
        "ko": "이 시스템을 쓰기 시작하기 전에 배워야 할 것이 많았다.",
        "ja": "このシステムを使い始める前に、多くのことを学ぶ必要があった。",
        "zh-hans": "在开始使用这个系统之前，我需要学习很多东西。",
    },
]

SUS_LOW = {"en": "Strongly disagree", "ko": "전혀 동의하지 않는다", "ja": "全くそう思わない", "zh-hans": "非常不同意"}
SUS_HIGH = {"en": "Strongly agree", "ko": "매우 동의한다", "ja": "強くそう思う", "zh-hans": "非常同意"}

SEQ_TEXT = {
    "en": "Overall, how difficult or easy was the task to complete?",
    "ko": "전반적으로 이 과제를 해내기가 얼마나 어렵거나 쉬웠나요?",
    "ja": "全体として、この課題をやり遂げるのはどのくらい難しかった、または易しかったですか。",
    "zh-hans": "总体而言，完成这项任务有多难或多容易？",
}
SEQ_LOW = {"en": "Very difficult", "ko": "매우 어렵다", "ja": "とても難しい", "zh-hans": "非常困难"}
SEQ_HIGH = {"en": "Very easy", "ko": "매우 쉽다", "ja": "とても易しい", "zh-hans": "非常容易"}

SATISFACTION_TEXT = {
    "en": "How satisfied are you overall?",
    "ko": "전반적으로 얼마나 만족하시나요?",
    "ja": "全体として、どのくらい満足していますか。",
    "zh-hans": "总体而言，您有多满意？",
}
SATISFACTION_LOW = {
    "en": "Not at all satisfied",
    "ko": "전혀 만족하지 않는다",
    "ja": "全く満足していない",
    "zh-hans": "完全不满意",
}
SATISFACTION_HIGH = {
    "en": "Completely satisfied",
    "ko": "매우 만족한다",
    "ja": "とても満足している",
    "zh-hans": "非常满意",
}

TEMPLATES: list[dict[str, Any]] = [
    {
        "key": "sus",
        "title": {
            "en": "System Usability Scale (SUS)",
            "ko": "시스템 사용성 척도 (SUS)",
            "ja": "システムユーザビリティ尺度 (SUS)",
            "zh-hans": "系统可用性量表 (SUS)",
        },
        "locked": True,
        "source": "Brooke, J. (1996). SUS: a quick and dirty usability scale. Usability Evaluation in Industry, "
        "189-194. ko/ja/zh: Madang working translations, not psychometrically validated.",
        "questions": [
            {
                "code": f"sus_{n}",
                "kind": "scale",
                "text": item,
                "scale_min": 1,
                "scale_max": 5,
                "low_label": SUS_LOW,
                "high_label": SUS_HIGH,
            }
            for n, item in enumerate(SUS_ITEMS, start=1)
        ],  # fmt: skip
    },
    {
        "key": "seq",
        "title": {
            "en": "Single Ease Question (SEQ)",
            "ko": "단일 난이도 질문 (SEQ)",
            "ja": "単一容易性質問 (SEQ)",
            "zh-hans": "单一易用性问题 (SEQ)",
        },
        "locked": True,
        "source": "Sauro, J. & Dumas, J. S. (2009). Comparison of three one-question, post-task usability "
        "questionnaires. CHI '09. ko/ja/zh: Madang working translations.",
        "questions": [
            {
                "code": "seq",
                "kind": "scale",
                "text": SEQ_TEXT,
                "scale_min": 1,
                "scale_max": 7,
                "low_label": SEQ_LOW,
                "high_label": SEQ_HIGH,
            },
        ],  # fmt: skip
    },
    {
        "key": "satisfaction",
        "title": {
            "en": "Satisfaction (0-10) and comments",
            "ko": "만족도 (0-10)와 의견",
            "ja": "満足度 (0-10) とご意見",
            "zh-hans": "满意度 (0-10) 与意见",
        },
        "locked": False,
        "source": "",
        "questions": [
            {
                "code": "satisfaction",
                "kind": "scale",
                "text": SATISFACTION_TEXT,
                "scale_min": 0,
                "scale_max": 10,
                "low_label": SATISFACTION_LOW,
                "high_label": SATISFACTION_HIGH,
            },
            {
                "code": "comments",
                "kind": "text",
                "required": False,
                "text": {
                    "en": "Anything else you would like to tell us?",
                    "ko": "더 하고 싶은 말씀이 있나요?",
                    "ja": "ほかに伝えたいことはありますか。",
                    "zh-hans": "您还有什么想告诉我们的吗？",
                },
            },
        ],  # fmt: skip
    },
]


def templates_ensure(survey_model: Any, question_model: Any) -> None:
    """Create or refresh the standard templates (used by a data migration, so it takes the models)."""
    for spec in TEMPLATES:
        survey, _ = survey_model.objects.update_or_create(
            key=spec["key"],
            defaults={"title": spec["title"], "is_template": True, "locked": spec["locked"], "source": spec["source"]},
        )
        for order, q in enumerate(spec["questions"]):
            question_model.objects.update_or_create(
                survey=survey, code=q["code"],
                defaults={"order": order, "kind": q["kind"], "text": q["text"], "required": q.get("required", True),
                          "scale_min": q.get("scale_min", 1), "scale_max": q.get("scale_max", 5),
                          "low_label": q.get("low_label", {}), "high_label": q.get("high_label", {})},
            )  # fmt: skip
