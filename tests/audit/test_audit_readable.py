"""Detail keys and values of the audit trail in words."""

from tongxin.audit.readable import Reader, key_label


def test_unnamed_foreign_keys_are_named_by_their_model():
    assert key_label("honors.honorrecipient", "honor") == "荣誉"
    assert key_label("honors.honorrecipient", "honor_id") == "荣誉"
    assert key_label("participation.adoption", "report_id") == "社情民意信息"
    assert key_label("participation.adoption", "report") == "社情民意信息"


def test_attendance_recorded_in_bulk_names_its_method():
    assert key_label("activities.event", "method") == "签到方式"
    assert Reader().plain("import", key="method") == "补录"
