from publishing.templatetags.civic import breakable_email


def test_email_addresses_may_wrap_after_the_at_sign_only():
    assert breakable_email("311@portlandoregon.gov") == "311@<wbr>portlandoregon.gov"


def test_breakable_email_escapes_what_staff_typed():
    assert breakable_email("<b>@x") == "&lt;b&gt;@<wbr>x"
