"""Vietnamese word banks and sentence templates for the replica portals (written for this project).

Templates use ``str.format`` slots filled per article by :mod:`replica.content`:
``{place}`` (a commune or ward), ``{hamlet}``, ``{district}``, ``{province}``, ``{unit}`` (the portal's
own authority, e.g. "UBND tỉnh"), ``{org}`` (an agency), ``{leader}`` (name and office), ``{leader_s}``
(name only), ``{person}`` (a resident), ``{n}``, ``{n2}``, ``{big}``, ``{big2}``, ``{crit}``, ``{yield_t}``, ``{length}``, ``{pct}``, ``{pct2}``, ``{low_pct}``, ``{growth}``, ``{income}``, ``{money}``, ``{day}``,
``{year}``, ``{event}``.
"""
from __future__ import annotations

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
            "Lý", "Thạch", "Kim", "Sơn", "Trương", "Phan", "Châu", "Lâm", "Tô", "Cao", "Mai", "Đoàn")
MIDDLE_M = ("Văn", "Minh", "Hữu", "Thanh", "Quốc", "Công", "Tấn", "Hoàng", "Đức", "Ngọc", "Trung")
MIDDLE_F = ("Thị", "Ngọc", "Thanh", "Thu", "Hồng", "Kim", "Mỹ", "Bích", "Diễm", "Phương")
GIVEN_M = ("Hùng", "Dũng", "Tâm", "Phước", "Lộc", "Thành", "Trí", "Nghĩa", "Hải", "Khánh", "Sơn", "Tùng",
           "Phong", "Quang", "Hiếu", "Toàn", "Bình", "Cường", "Lập", "Vinh", "Đạt", "Kiệt")
GIVEN_F = ("Hoa", "Lan", "Hương", "Nhung", "Thảo", "Trinh", "Ngân", "Hạnh", "Mai", "Yến", "Châu",
           "Diệu", "Quyên", "Tuyết", "Hằng", "Loan", "Vy")

# Pen names as reporters sign them (two syllables).
PEN_NAMES = ("Tấn Lập", "Minh Trí", "Hữu Thành", "Thanh Hương", "Ngọc Hân", "Văn Dũng", "Kim Ngân",
             "Hoàng Vũ", "Phương Thảo", "Quốc Bảo", "Bích Trâm", "Thanh Tùng", "Diễm My", "Trung Kiên",
             "Hồng Nhung", "Minh Châu", "Công Danh", "Mỹ Linh", "Khánh Duy", "Thu Trang", "Song Thủy",
             "Duy Khang", "Trúc Ly", "Lâm Điền")

OFFICES = ("Chủ tịch {unit_body}", "Phó Chủ tịch {unit_body}", "Phó Chủ tịch Thường trực {unit_body}",
           "Bí thư {party}", "Phó Bí thư Thường trực {party}", "Trưởng Ban Dân vận {party}",
           "Phó Trưởng Ban Dân vận {party}", "Chủ tịch Ủy ban MTTQ Việt Nam {level}")

ORGS = ("Sở Nông nghiệp và Môi trường", "Sở Nội vụ", "Sở Tài chính", "Sở Y tế",
        "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ",
        "Sở Xây dựng", "Sở Công Thương", "Bộ Chỉ huy Quân sự", "Công an", "Hội Nông dân",
        "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Hội Cựu chiến binh",
        "Liên đoàn Lao động", "Ngân hàng Chính sách xã hội", "Ủy ban Mặt trận Tổ quốc Việt Nam",
        "Trung tâm Phục vụ hành chính công", "Ban Dân tộc")

EVENTS = ("Tết Nguyên đán", "lễ Sene Dolta", "lễ Ok Om Bok", "Tháng hành động vì trẻ em",
          "Ngày hội Đại đoàn kết toàn dân tộc", "Tháng Thanh niên", "Ngày Quốc khánh 2/9",
          "Ngày Thương binh - Liệt sĩ 27/7", "mùa khô", "Tháng cao điểm an toàn giao thông")

# Each topic: titles, leads, body sentences, image captions (without the trailing photographer).
TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "nong-thon-moi": {
        "titles": (
            "{place} đón nhận bằng công nhận xã đạt chuẩn nông thôn mới nâng cao",
            "Kiểm tra tiến độ xây dựng nông thôn mới kiểu mẫu tại {district}",
            "{district} phấn đấu có thêm {n} xã đạt chuẩn nông thôn mới trong năm {year}",
            "Ra mắt mô hình “Khu dân cư kiểu mẫu” tại {hamlet}, {place}",
            "Người dân {place} hiến đất mở rộng đường giao thông nông thôn",
        ),
        "leads": (
            "Sáng {day}, {unit} tổ chức lễ công bố và trao bằng công nhận {place} đạt chuẩn nông thôn mới nâng cao năm {year}.",
            "Ngày {day}, đoàn công tác do {leader} làm trưởng đoàn đã đến kiểm tra tiến độ thực hiện các tiêu chí nông thôn mới tại {district}.",
            "Phát huy sức mạnh của cả hệ thống chính trị và sự đồng thuận của nhân dân, phong trào xây dựng nông thôn mới ở {place} tiếp tục có nhiều chuyển biến tích cực.",
        ),
        "sentences": (
            "Đến nay, {place} đã đạt {crit}/19 tiêu chí theo bộ tiêu chí xã nông thôn mới nâng cao giai đoạn 2021 - 2025.",
            "Tổng nguồn vốn huy động để xây dựng nông thôn mới trên địa bàn xã là {money}, trong đó nhân dân đóng góp hơn {pct}.",
            "Thu nhập bình quân đầu người của xã đạt {income} triệu đồng/năm, tỷ lệ hộ nghèo giảm còn {low_pct}.",
            "Hệ thống đường giao thông nông thôn được bê tông hóa, nhiều tuyến đường hoa, đường có đèn chiếu sáng được hình thành.",
            "Nhiều hộ dân tự nguyện hiến đất, tháo dỡ hàng rào, cây trái để mở rộng mặt đường, tổng diện tích hiến đất hơn {big} m².",
            "Đoàn kiểm tra đánh giá cao sự chủ động của cấp ủy, chính quyền địa phương trong việc rà soát từng tiêu chí.",
            "Bên cạnh kết quả đạt được, địa phương vẫn còn một số tiêu chí khó như thu nhập, môi trường và an toàn thực phẩm.",
            "Các ấp đã xây dựng hương ước, quy ước và duy trì tốt các tổ tự quản về vệ sinh môi trường.",
            "Mô hình trồng hoa trên các tuyến đường nông thôn góp phần tạo cảnh quan xanh, sạch, đẹp.",
            "Xã sẽ tiếp tục duy trì, nâng chất các tiêu chí đã đạt, hướng đến xây dựng xã nông thôn mới kiểu mẫu.",
        ),
        "captions": (
            "{leader} trao bằng công nhận xã đạt chuẩn nông thôn mới nâng cao cho {place}",
            "Tuyến đường hoa tại {hamlet}, {place}",
            "Đoàn công tác kiểm tra thực tế tại {place}",
            "Người dân cùng chung tay nâng cấp đường giao thông nông thôn",
        ),
    },
    "chuyen-doi-so": {
        "titles": (
            "Đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính tại {district}",
            "{unit} triển khai Đề án 06 về phát triển ứng dụng dữ liệu dân cư",
            "Tổ công nghệ số cộng đồng {place} hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
            "Hội nghị sơ kết công tác chuyển đổi số 6 tháng đầu năm {year}",
            "Hơn {big} hồ sơ được tiếp nhận qua dịch vụ công trực tuyến toàn trình",
        ),
        "leads": (
            "Chiều {day}, {unit} tổ chức hội nghị sơ kết công tác chuyển đổi số và triển khai nhiệm vụ trọng tâm thời gian tới.",
            "Thời gian qua, {district} tập trung đẩy mạnh ứng dụng công nghệ thông tin, từng bước xây dựng chính quyền số phục vụ người dân và doanh nghiệp.",
            "Nhằm giúp người dân tiếp cận dịch vụ công trực tuyến, các tổ công nghệ số cộng đồng đã ra quân hướng dẫn tận nhà.",
        ),
        "sentences": (
            "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt {pct}, tăng so với cùng kỳ năm trước.",
            "Toàn {district_kind} đã thành lập {n2} tổ công nghệ số cộng đồng với hơn {big} thành viên tham gia.",
            "Các tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt, kích hoạt tài khoản định danh điện tử mức độ 2.",
            "Việc thanh toán không dùng tiền mặt được mở rộng tại chợ, trường học và cơ sở khám chữa bệnh.",
            "{leader} đề nghị các ngành tiếp tục số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo quy định.",
            "Hệ thống hội nghị truyền hình trực tuyến đã được kết nối đến {n2} điểm cầu cấp xã.",
            "Một số người cao tuổi còn gặp khó khăn khi sử dụng điện thoại thông minh để thực hiện thủ tục.",
            "Trung tâm Phục vụ hành chính công đã bố trí nhân viên hỗ trợ người dân nộp hồ sơ trực tuyến ngay tại quầy.",
            "Hạ tầng mạng cáp quang đã phủ sóng đến {pct} số ấp, khóm trên địa bàn.",
            "Dữ liệu dân cư được làm sạch góp phần rút ngắn thời gian giải quyết hồ sơ cho người dân.",
        ),
        "captions": (
            "Đoàn viên thanh niên hướng dẫn người dân cài đặt ứng dụng định danh điện tử",
            "Quang cảnh hội nghị",
            "Người dân thực hiện thủ tục tại Trung tâm Phục vụ hành chính công",
        ),
    },
    "an-sinh": {
        "titles": (
            "Bàn giao {n} căn nhà đại đoàn kết cho hộ nghèo tại {place}",
            "Trao quà cho gia đình chính sách nhân dịp {event}",
            "{district} hoàn thành xóa nhà tạm, nhà dột nát trước thời hạn",
            "Ngân hàng Chính sách xã hội giải ngân hơn {money} vốn vay ưu đãi",
            "Hỗ trợ sinh kế giúp hộ cận nghèo {place} vươn lên",
        ),
        "leads": (
            "Ngày {day}, {org} phối hợp với chính quyền địa phương tổ chức bàn giao nhà đại đoàn kết cho các hộ có hoàn cảnh khó khăn tại {place}.",
            "Nhân dịp {event}, đoàn công tác của {unit} do {leader} dẫn đầu đã đến thăm, tặng quà các gia đình chính sách trên địa bàn {district}.",
            "Với phương châm không để ai bị bỏ lại phía sau, công tác an sinh xã hội trên địa bàn {district} luôn được quan tâm thực hiện.",
        ),
        "sentences": (
            "Mỗi căn nhà có tổng trị giá khoảng 60 triệu đồng, được xây dựng kiên cố với diện tích sử dụng từ 40 - 50 m².",
            "Kinh phí xây dựng được trích từ Quỹ Vì người nghèo cùng sự đóng góp ngày công của bà con lối xóm.",
            "Tại buổi lễ, {person} xúc động bày tỏ lòng biết ơn khi gia đình có được căn nhà mới vững chãi.",
            "Đoàn đã trao {big} phần quà, mỗi phần gồm tiền mặt và nhu yếu phẩm thiết yếu.",
            "{leader} ân cần thăm hỏi sức khỏe, đời sống và động viên các gia đình vượt qua khó khăn.",
            "Từ đầu năm đến nay, toàn {district_kind} đã huy động được {money} để chăm lo cho người nghèo.",
            "Tỷ lệ người dân tham gia bảo hiểm y tế đạt {pct}, vượt chỉ tiêu được giao.",
            "Nhiều hộ được hỗ trợ con giống, phân bón và tập huấn kỹ thuật để phát triển kinh tế gia đình.",
            "Chính quyền địa phương cam kết tiếp tục theo dõi, hỗ trợ để các hộ thoát nghèo bền vững.",
            "Nguồn vốn vay ưu đãi đã giúp hơn {big} lượt hộ có điều kiện sản xuất, tạo việc làm.",
        ),
        "captions": (
            "{leader} trao quyết định bàn giao nhà đại đoàn kết",
            "Đoàn công tác thăm, tặng quà gia đình chính sách",
            "Căn nhà mới của gia đình {person}",
        ),
    },
    "hoi-nghi": {
        "titles": (
            "Kỳ họp thứ {n} HĐND {level} khóa X thông qua {n2} nghị quyết quan trọng",
            "{unit} họp thường kỳ tháng {month}/{year}",
            "Hội nghị tổng kết công tác năm {year} và triển khai nhiệm vụ năm {next_year}",
            "{leader_s} làm việc với {district} về tình hình kinh tế - xã hội",
            "Triển khai kế hoạch sắp xếp tổ chức bộ máy cơ quan, đơn vị",
        ),
        "leads": (
            "Sáng {day}, {unit} tổ chức hội nghị đánh giá tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội và bàn giải pháp thời gian tới.",
            "Ngày {day}, {leader} chủ trì buổi làm việc với lãnh đạo {district} về kết quả thực hiện các chỉ tiêu chủ yếu năm {year}.",
            "Sau {n} ngày làm việc khẩn trương, nghiêm túc, kỳ họp đã hoàn thành toàn bộ nội dung chương trình đề ra.",
        ),
        "sentences": (
            "Tốc độ tăng trưởng kinh tế ước đạt {growth}, thu ngân sách nhà nước đạt {money}.",
            "Các đại biểu tập trung thảo luận những khó khăn, vướng mắc trong giải ngân vốn đầu tư công.",
            "Phát biểu kết luận, {leader} yêu cầu các sở, ngành bám sát kịch bản tăng trưởng đã đề ra.",
            "Công tác cải cách hành chính tiếp tục được quan tâm, chỉ số hài lòng của người dân được nâng lên.",
            "Hội nghị đã biểu quyết thông qua {n2} nghị quyết với tỷ lệ đồng thuận cao.",
            "Lãnh đạo địa phương kiến nghị bổ sung nguồn vốn để đầu tư các công trình cấp bách.",
            "Tình hình an ninh chính trị, trật tự an toàn xã hội được giữ vững, không để xảy ra điểm nóng.",
            "Thời gian tới, cần tập trung tháo gỡ khó khăn cho doanh nghiệp, đẩy nhanh tiến độ các dự án trọng điểm.",
            "Các ngành chức năng được giao rà soát, hoàn thiện phương án sắp xếp đơn vị hành chính theo chỉ đạo của Trung ương.",
            "Đại biểu đề nghị quan tâm hơn đến chất lượng nguồn nhân lực và đào tạo nghề cho lao động nông thôn.",
        ),
        "captions": (
            "{leader} phát biểu chỉ đạo tại hội nghị",
            "Quang cảnh kỳ họp",
            "Các đại biểu biểu quyết thông qua nghị quyết",
            "Lãnh đạo {district} báo cáo tình hình kinh tế - xã hội",
        ),
    },
    "nong-nghiep": {
        "titles": (
            "Nông dân {place} trúng mùa lúa Đông Xuân",
            "Sản phẩm OCOP của {district} vươn xa",
            "Chủ động phòng, chống hạn mặn bảo vệ sản xuất mùa khô {year}",
            "Mô hình nuôi tôm ứng dụng công nghệ cao cho lợi nhuận khá tại {place}",
            "Chuyển đổi {big} ha đất trồng lúa kém hiệu quả sang cây trồng khác",
        ),
        "leads": (
            "Những ngày này, nông dân {place} đang tất bật thu hoạch lúa vụ Đông Xuân với năng suất bình quân đạt khá.",
            "Chương trình Mỗi xã một sản phẩm (OCOP) đã và đang tạo động lực để các chủ thể ở {district} nâng cao chất lượng, mở rộng thị trường.",
            "Trước diễn biến phức tạp của thời tiết, ngành nông nghiệp đã chủ động triển khai nhiều giải pháp bảo vệ sản xuất.",
        ),
        "sentences": (
            "Năng suất lúa bình quân ước đạt {yield_t} tấn/ha, giá bán tại ruộng dao động từ 6.800 - 7.500 đồng/kg.",
            "Toàn {district_kind} hiện có {n2} sản phẩm được công nhận đạt chuẩn OCOP từ 3 sao trở lên.",
            "Hệ thống cống, đập ngăn mặn được vận hành linh hoạt theo diễn biến độ mặn trên các tuyến sông chính.",
            "Mô hình liên kết sản xuất theo chuỗi giá trị giúp nông dân yên tâm về đầu ra sản phẩm.",
            "{person} cho biết, nhờ áp dụng quy trình canh tác mới nên chi phí giảm đáng kể, lợi nhuận tăng hơn {growth}.",
            "Cán bộ khuyến nông thường xuyên xuống đồng hướng dẫn bà con phòng trừ sâu bệnh.",
            "Nhiều hợp tác xã đã đầu tư máy sấy, kho bảo quản để nâng cao giá trị nông sản.",
            "Diện tích nuôi trồng thủy sản tăng lên {big} ha, sản lượng đạt trên {big2} tấn.",
            "Ngành chức năng khuyến cáo người dân trữ nước ngọt, theo dõi thông tin độ mặn để chủ động lấy nước.",
            "Sản phẩm được đóng gói, dán tem truy xuất nguồn gốc và có mặt tại nhiều siêu thị trong khu vực.",
        ),
        "captions": (
            "Nông dân {place} thu hoạch lúa",
            "Sản phẩm OCOP được giới thiệu tại hội chợ",
            "Cống ngăn mặn được vận hành trong mùa khô",
            "Ao nuôi tôm công nghệ cao tại {hamlet}",
        ),
    },
    "giao-duc": {
        "titles": (
            "Hơn {big} thí sinh dự thi tốt nghiệp trung học phổ thông năm {year}",
            "Khánh thành điểm trường mới tại {place}",
            "Tuyên dương học sinh giỏi, giáo viên dạy giỏi năm học {year} - {next_year}",
            "Ngành Giáo dục {district} bước vào năm học mới",
        ),
        "leads": (
            "Sáng {day}, {org} tổ chức lễ tuyên dương học sinh đạt giải cao trong các kỳ thi cấp tỉnh, cấp quốc gia.",
            "Năm học mới, ngành Giáo dục và Đào tạo {district} tập trung nâng cao chất lượng dạy và học, đẩy mạnh chuyển đổi số trong nhà trường.",
            "Công trình được đầu tư với tổng kinh phí {money}, gồm {n2} phòng học và các phòng chức năng.",
        ),
        "sentences": (
            "Toàn {district_kind} có {big} học sinh ở các cấp học, tăng so với năm học trước.",
            "Tỷ lệ trường đạt chuẩn quốc gia đạt {pct}, cơ sở vật chất được đầu tư khang trang.",
            "Nhiều phụ huynh phấn khởi khi con em được học tập trong ngôi trường mới rộng rãi, thoáng mát.",
            "Ngành giáo dục phối hợp với các đoàn thể vận động hỗ trợ học bổng cho học sinh có hoàn cảnh khó khăn.",
            "Đội ngũ giáo viên được bồi dưỡng chương trình giáo dục phổ thông mới và kỹ năng ứng dụng công nghệ.",
            "{leader} mong muốn các em tiếp tục nỗ lực, rèn luyện đạo đức và học tập tốt hơn nữa.",
            "Các điểm thi được bố trí lực lượng công an, y tế và điện lực bảo đảm an toàn tuyệt đối.",
            "Công tác vận động học sinh ra lớp được các ấp, khóm thực hiện đến từng hộ gia đình.",
        ),
        "captions": (
            "{leader} trao giấy khen cho học sinh đạt thành tích cao",
            "Điểm trường mới tại {place}",
            "Thí sinh làm thủ tục dự thi",
        ),
    },
    "y-te": {
        "titles": (
            "Tăng cường phòng, chống sốt xuất huyết trong mùa mưa",
            "Khám bệnh, cấp thuốc miễn phí cho {big} người dân {place}",
            "Triển khai chiến dịch tiêm vắc xin sởi cho trẻ em",
            "Trạm Y tế {place} đạt chuẩn quốc gia về y tế xã",
        ),
        "leads": (
            "Ngày {day}, {org} phối hợp với Trung tâm Y tế tổ chức khám bệnh, cấp thuốc miễn phí cho người dân có hoàn cảnh khó khăn tại {place}.",
            "Trước tình hình số ca mắc sốt xuất huyết có chiều hướng tăng, ngành y tế đã triển khai đồng bộ nhiều giải pháp phòng bệnh.",
            "Chiến dịch nhằm tăng tỷ lệ miễn dịch cộng đồng, chủ động ngăn chặn dịch bệnh bùng phát.",
        ),
        "sentences": (
            "Các bác sĩ đã khám, tư vấn sức khỏe và cấp thuốc cho người cao tuổi, người khuyết tật.",
            "Từ đầu năm đến nay, toàn {district_kind} ghi nhận {n2} ca mắc sốt xuất huyết, giảm so với cùng kỳ.",
            "Ngành y tế tổ chức chiến dịch diệt lăng quăng, bọ gậy tại các hộ gia đình.",
            "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt {pct}.",
            "Người dân được khuyến cáo đến ngay cơ sở y tế khi có dấu hiệu sốt cao liên tục.",
            "Trạm y tế được trang bị thêm máy siêu âm, máy đo điện tim phục vụ khám chữa bệnh ban đầu.",
            "Mỗi phần quà trao cho người dân gồm gạo, mì, đường và tiền mặt.",
            "Công tác khám chữa bệnh bảo hiểm y tế tại tuyến xã được thực hiện thuận lợi nhờ ứng dụng căn cước công dân.",
        ),
        "captions": (
            "Bác sĩ khám bệnh cho người cao tuổi",
            "Cán bộ y tế tiêm vắc xin cho trẻ",
            "Ra quân diệt lăng quăng tại {hamlet}",
        ),
    },
    "quoc-phong": {
        "titles": (
            "{n2} thanh niên {district} lên đường nhập ngũ",
            "Diễn tập khu vực phòng thủ {district} năm {year}",
            "Công an {place} ra mắt mô hình “Camera an ninh”",
            "Tuần tra, kiểm soát bảo đảm trật tự an toàn giao thông dịp {event}",
        ),
        "leads": (
            "Sáng {day}, {unit} tổ chức lễ giao nhận quân năm {year} trong không khí trang nghiêm, phấn khởi.",
            "Cuộc diễn tập nhằm nâng cao năng lực lãnh đạo, chỉ đạo, điều hành của cấp ủy, chính quyền trong xử lý các tình huống quốc phòng, an ninh.",
            "Nhằm kéo giảm tai nạn giao thông, lực lượng chức năng đã tăng cường tuần tra, xử lý vi phạm trên các tuyến đường trọng điểm.",
        ),
        "sentences": (
            "Các tân binh được gia đình, người thân và đông đảo nhân dân đến động viên, tiễn đưa.",
            "{leader} căn dặn các tân binh ra sức học tập, rèn luyện, hoàn thành tốt nhiệm vụ được giao.",
            "Hệ thống camera được lắp đặt tại các tuyến đường chính, giúp lực lượng công an kịp thời phát hiện vụ việc.",
            "Qua tuần tra, lực lượng chức năng đã lập biên bản {n2} trường hợp vi phạm.",
            "Cuộc diễn tập được chuẩn bị công phu, bảo đảm an toàn tuyệt đối về người và phương tiện.",
            "Nhân dân tích cực tham gia phong trào toàn dân bảo vệ an ninh Tổ quốc.",
            "Các lực lượng phối hợp nhịp nhàng, xử lý tốt các tình huống giả định.",
            "Số vụ tai nạn giao thông giảm {n} vụ, số người bị thương giảm so với cùng kỳ năm trước.",
        ),
        "captions": (
            "Tân binh nhận hoa chúc mừng trước giờ lên đường",
            "Lực lượng tham gia diễn tập xử lý tình huống",
            "Tổ tuần tra kiểm soát trên tuyến quốc lộ",
        ),
    },
    "van-hoa": {
        "titles": (
            "Sôi nổi hội thi văn nghệ quần chúng chào mừng {event}",
            "Bảo tồn nghệ thuật Rô băm của đồng bào Khmer",
            "Khai mạc giải bóng đá nông dân {district} năm {year}",
            "Đưa sách về với bạn đọc vùng nông thôn",
            "Ngày hội văn hóa, thể thao các dân tộc tại {place}",
        ),
        "leads": (
            "Tối {day}, {org} tổ chức khai mạc hội thi với sự tham gia của {n2} đội đến từ các xã, thị trấn.",
            "Những năm qua, công tác bảo tồn, phát huy giá trị văn hóa truyền thống của đồng bào dân tộc được địa phương đặc biệt quan tâm.",
            "Hoạt động nhằm tạo sân chơi lành mạnh, góp phần nâng cao đời sống tinh thần cho người dân.",
        ),
        "sentences": (
            "Các tiết mục ca múa nhạc mang đậm bản sắc văn hóa dân tộc được khán giả nhiệt tình cổ vũ.",
            "Ban tổ chức đã trao giải nhất cho đội {place}, giải nhì và giải ba thuộc về các đội bạn.",
            "Các nghệ nhân cao tuổi tận tình truyền dạy cho thế hệ trẻ những điệu múa truyền thống.",
            "Xe thư viện lưu động mang theo hơn {big} đầu sách phục vụ học sinh và người dân.",
            "Giải đấu diễn ra trong {n2} ngày với nhiều trận đấu hấp dẫn, thu hút đông đảo khán giả.",
            "Địa phương đã hỗ trợ kinh phí mua sắm nhạc cụ, trang phục cho các đội văn nghệ.",
            "Phong trào toàn dân đoàn kết xây dựng đời sống văn hóa tiếp tục được duy trì hiệu quả.",
            "Nhiều di tích lịch sử được trùng tu, trở thành điểm đến của du khách gần xa.",
        ),
        "captions": (
            "Tiết mục múa truyền thống tại hội thi",
            "Trận đấu khai mạc giải bóng đá",
            "Học sinh đọc sách tại xe thư viện lưu động",
            "{leader} trao giải cho các đội đạt thành tích cao",
        ),
    },
    "dan-van": {
        "titles": (
            "Nhân rộng mô hình “Dân vận khéo” trong phát triển kinh tế",
            "Hội nghị tổng kết công tác dân vận năm {year}",
            "Tuyên dương {n2} điển hình “Dân vận khéo” tiêu biểu",
            "Phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số",
            "Đối thoại giữa người đứng đầu cấp ủy với nhân dân {place}",
            "Công tác dân vận chính quyền gắn với cải cách hành chính",
        ),
        "leads": (
            "Ngày {day}, Ban Dân vận {party} tổ chức hội nghị tổng kết công tác dân vận năm {year}, triển khai phương hướng, nhiệm vụ năm {next_year}.",
            "Phong trào thi đua “Dân vận khéo” đã lan tỏa sâu rộng, trở thành động lực thúc đẩy thực hiện thắng lợi nhiệm vụ chính trị ở cơ sở.",
            "Thực hiện quy chế dân chủ ở cơ sở, cấp ủy, chính quyền {place} đã tổ chức buổi đối thoại trực tiếp với đông đảo nhân dân.",
        ),
        "sentences": (
            "Năm qua, toàn {province_kind} đã xây dựng và nhân rộng {big} mô hình “Dân vận khéo” trên các lĩnh vực.",
            "Công tác dân vận của cơ quan nhà nước gắn với cải cách thủ tục hành chính, nâng cao tinh thần phục vụ nhân dân.",
            "Người có uy tín trong đồng bào dân tộc là cầu nối quan trọng giữa cấp ủy, chính quyền với nhân dân.",
            "Tại buổi đối thoại, người dân đã nêu {n2} ý kiến liên quan đến đất đai, giao thông nông thôn và chính sách an sinh.",
            "{leader} đề nghị các cấp tiếp tục đổi mới nội dung, phương thức công tác dân vận theo hướng thiết thực, hiệu quả.",
            "Khối dân vận các cấp đã tham mưu cấp ủy lãnh đạo thực hiện tốt công tác tôn giáo, dân tộc.",
            "Nhiều mô hình hay như “Tuyến đường nông thôn sáng, xanh, sạch, đẹp”, “Chợ an toàn” được nhân dân đồng tình hưởng ứng.",
            "Các kiến nghị chính đáng của nhân dân đều được tiếp thu, giải quyết hoặc trả lời công khai.",
            "Công tác nắm tình hình tư tưởng nhân dân được thực hiện thường xuyên, kịp thời phản ánh với cấp ủy.",
            "Dịp này, Ban Dân vận đã trao giấy khen cho {n2} tập thể và {n} cá nhân có thành tích xuất sắc.",
        ),
        "captions": (
            "{leader} phát biểu tại hội nghị",
            "Trao giấy khen cho các điển hình “Dân vận khéo”",
            "Người dân phát biểu ý kiến tại buổi đối thoại",
            "Mô hình “Tuyến đường hoa” tại {hamlet}",
        ),
    },
    "ton-giao": {
        "titles": (
            "Thăm, chúc mừng các cơ sở tôn giáo nhân dịp {event}",
            "Chức sắc, tín đồ tôn giáo chung tay xây dựng nông thôn mới",
            "Tập huấn công tác dân tộc, tôn giáo cho cán bộ cơ sở",
            "Hội nghị biểu dương gương điển hình tiên tiến trong đồng bào dân tộc",
        ),
        "leads": (
            "Nhân dịp {event}, đoàn công tác của {unit} do {leader} làm trưởng đoàn đã đến thăm, chúc mừng các chùa, cơ sở tôn giáo trên địa bàn {district}.",
            "Thời gian qua, các chức sắc, tín đồ tôn giáo trên địa bàn đã tích cực tham gia các phong trào thi đua yêu nước ở địa phương.",
            "Lớp tập huấn nhằm nâng cao kiến thức, kỹ năng cho đội ngũ cán bộ làm công tác dân tộc, tôn giáo ở cơ sở.",
        ),
        "sentences": (
            "{leader} gửi lời chúc sức khỏe đến các vị sư sãi, chức sắc và bà con tín đồ.",
            "Các vị chức sắc bày tỏ sự cảm ơn đối với sự quan tâm của cấp ủy, chính quyền địa phương.",
            "Nhiều cơ sở tôn giáo đã vận động đóng góp hàng trăm triệu đồng làm đường, xây cầu nông thôn.",
            "Đồng bào các dân tộc đoàn kết, giúp nhau phát triển kinh tế, giữ gìn bản sắc văn hóa.",
            "Lớp tập huấn có {big} học viên là cán bộ, công chức cấp xã tham dự.",
            "Chính sách đối với người có uy tín được triển khai đầy đủ, kịp thời.",
            "Tình hình tôn giáo trên địa bàn ổn định, các hoạt động tôn giáo diễn ra đúng pháp luật.",
            "Các chùa Khmer tổ chức lớp dạy chữ Khmer trong dịp hè cho con em đồng bào.",
        ),
        "captions": (
            "Đoàn công tác thăm, chúc mừng chùa {place}",
            "Quang cảnh lớp tập huấn",
            "{leader} tặng quà người có uy tín",
        ),
    },
    "dau-tu": {
        "titles": (
            "Khởi công xây dựng cầu {place} với tổng vốn {money}",
            "Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
            "Tháo gỡ vướng mắc mặt bằng dự án đường tỉnh",
            "Thu hút đầu tư vào khu công nghiệp đạt kết quả tích cực",
        ),
        "leads": (
            "Sáng {day}, {org} tổ chức lễ khởi công xây dựng công trình cầu {place}, đáp ứng nhu cầu đi lại của người dân.",
            "Đến nay, tỷ lệ giải ngân vốn đầu tư công của {unit} đạt {pct} kế hoạch vốn được giao.",
            "Đoàn công tác do {leader} dẫn đầu đã kiểm tra thực tế tiến độ thi công các công trình trọng điểm.",
        ),
        "sentences": (
            "Công trình có chiều dài {length} m, tải trọng thiết kế 30 tấn, dự kiến hoàn thành trong năm {next_year}.",
            "Nhà thầu cam kết huy động đủ nhân lực, máy móc để thi công bảo đảm tiến độ và chất lượng.",
            "Một số dự án còn chậm do vướng mắc trong công tác bồi thường, giải phóng mặt bằng.",
            "{leader} yêu cầu chủ đầu tư xử lý nghiêm các nhà thầu vi phạm tiến độ.",
            "Người dân đồng tình bàn giao mặt bằng sau khi nhận tiền bồi thường, hỗ trợ.",
            "Từ đầu năm đến nay, địa phương đã cấp mới {n2} giấy chứng nhận đăng ký đầu tư với tổng vốn {money}.",
            "Hạ tầng giao thông được đầu tư đồng bộ, tạo điều kiện thu hút doanh nghiệp đến đầu tư.",
            "Các ngành được giao tăng cường kiểm tra, giám sát chất lượng vật liệu xây dựng.",
        ),
        "captions": (
            "Các đại biểu thực hiện nghi thức khởi công",
            "Công trường thi công cầu {place}",
            "{leader} kiểm tra tiến độ dự án",
        ),
    },
}

GENERIC_SENTENCES = (
    "Thời gian tới, địa phương tiếp tục phát huy những kết quả đạt được, khắc phục hạn chế để hoàn thành các chỉ tiêu đề ra.",
    "Cấp ủy, chính quyền {place} đã chủ động xây dựng kế hoạch cụ thể, phân công nhiệm vụ rõ ràng cho từng thành viên.",
    "Các đoàn thể chính trị - xã hội tích cực tuyên truyền, vận động hội viên, đoàn viên tham gia hưởng ứng.",
    "Theo báo cáo của {org}, kết quả thực hiện năm nay cao hơn cùng kỳ năm trước.",
    "Dịp này, {unit} đã tặng giấy khen cho {n2} tập thể và {n} cá nhân có thành tích tiêu biểu.",
    "Đây là hoạt động thiết thực, thể hiện sự quan tâm của cấp ủy, chính quyền đối với đời sống nhân dân.",
    "Dự buổi lễ có đại diện lãnh đạo {org} cùng đông đảo cán bộ, đảng viên và nhân dân địa phương.",
    "Ông {leader_s} ghi nhận và biểu dương những nỗ lực của tập thể cán bộ, công chức trong thời gian qua.",
    "Bên cạnh đó, công tác kiểm tra, giám sát cũng được duy trì thường xuyên, bảo đảm đúng quy định.",
    "Theo kế hoạch, hoạt động sẽ được triển khai đồng loạt tại các xã, thị trấn trước ngày {day}.",
    "Nhiều ý kiến cho rằng cần có cơ chế phối hợp chặt chẽ hơn giữa các ngành và địa phương.",
    "Kết quả này góp phần quan trọng vào việc hoàn thành thắng lợi nghị quyết đại hội Đảng bộ các cấp.",
    "Đại diện {org} cho biết sẽ tiếp thu đầy đủ các ý kiến đóng góp để hoàn thiện kế hoạch.",
    "Với cách làm sáng tạo, phù hợp thực tiễn, mô hình bước đầu mang lại hiệu quả thiết thực.",
    "Trong năm {year}, {district} đặt mục tiêu giữ vững ổn định, tạo nền tảng cho giai đoạn phát triển mới.",
    "Người dân {hamlet} phấn khởi khi được tham gia bàn bạc, quyết định những việc thiết thực của ấp.",
    "Ngoài ra, các ngành chức năng tăng cường thông tin, tuyên truyền trên hệ thống loa truyền thanh cơ sở.",
    "Những kiến nghị của cử tri đã được tổng hợp, chuyển đến cơ quan có thẩm quyền xem xét, giải quyết.",
    "Công tác phối hợp giữa Mặt trận và các đoàn thể ngày càng chặt chẽ, phát huy hiệu quả.",
    "Đến nay, {pct2} chỉ tiêu chủ yếu đã hoàn thành và vượt kế hoạch.",
    "Phát biểu tại buổi lễ, {leader} nhấn mạnh: “Mỗi cán bộ, đảng viên phải thật sự gần dân, hiểu dân và vì dân”.",
    "{person} chia sẻ: “Gia đình tôi rất phấn khởi, sẽ cố gắng làm ăn để cuộc sống ngày càng khá hơn”.",
    "Qua đó, góp phần củng cố niềm tin của nhân dân đối với Đảng, chính quyền.",
    "Dự kiến, kinh phí thực hiện trong giai đoạn tới khoảng {money}, từ nguồn ngân sách và xã hội hóa.",
)

TAGS = ("nông thôn mới", "chuyển đổi số", "an sinh xã hội", "dân vận khéo", "OCOP", "cải cách hành chính",
        "đồng bào Khmer", "hội nghị", "giáo dục", "y tế", "quốc phòng", "an ninh trật tự", "văn hóa",
        "đầu tư công", "mặn xâm nhập", "nhà đại đoàn kết", "tôn giáo", "thanh niên", "phụ nữ")

# Legal documents for the "Văn bản mới" sidebar (used to pad pages realistically).
DOC_KINDS = (("Quyết định", "QĐ-UBND"), ("Kế hoạch", "KH-UBND"), ("Công văn", "UBND-KT"),
             ("Chỉ thị", "CT-UBND"), ("Thông báo", "TB-UBND"), ("Nghị quyết", "NQ-HĐND"),
             ("Hướng dẫn", "HD-BDV"), ("Báo cáo", "BC-UBND"))
DOC_SUBJECTS = (
    "về việc ban hành kế hoạch cải cách hành chính năm {year}",
    "về việc phê duyệt danh mục dự án đầu tư công trung hạn",
    "về việc tăng cường công tác phòng, chống thiên tai, tìm kiếm cứu nạn",
    "triển khai thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "về việc tổ chức các hoạt động chào mừng {event}",
    "quy định mức hỗ trợ đối với người có uy tín trong đồng bào dân tộc thiểu số",
    "về việc công bố danh mục thủ tục hành chính được chuẩn hóa",
    "về việc đẩy mạnh thanh toán không dùng tiền mặt",
    "về công tác bảo đảm trật tự an toàn giao thông",
    "về việc kiện toàn Ban Chỉ đạo chuyển đổi số",
    "hướng dẫn thực hiện quy chế dân chủ ở cơ sở",
    "về tình hình kinh tế - xã hội tháng {month} năm {year}",
)

# External sites of the kind a provincial portal links to (never crawled: other hosts).
EXTERNAL_LINKS = (
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Báo điện tử Đảng Cộng sản Việt Nam", "https://dangcongsan.vn/"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn/"),
    ("Thông tấn xã Việt Nam", "https://baotintuc.vn/"),
    ("Bộ Thông tin và Truyền thông", "https://mic.gov.vn/"),
)
