// Vietnamese name material: family-name shares, middle and given names by gender (DOMAIN.md §2).

/** Family names with percentage shares: the 14 of DOMAIN.md §2 (Huỳnh/Hoàng and Vũ/Võ split), then a long tail. */
export const FAMILY_NAMES: [string, number][] = [
  ['Nguyễn', 38.4], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7.1], ['Hoàng', 2.6], ['Huỳnh', 2.5], ['Phan', 4.5],
  ['Vũ', 2.0], ['Võ', 1.9], ['Đặng', 2.1], ['Bùi', 2.0], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1.0],
  ['Lý', 0.5],
  ['Đinh', 0.6], ['Trương', 0.6], ['Đào', 0.5], ['Đoàn', 0.5], ['Lâm', 0.4], ['Mai', 0.4], ['Trịnh', 0.4],
  ['Lương', 0.4], ['Cao', 0.3], ['Hà', 0.3], ['Tạ', 0.2], ['Tô', 0.2], ['Châu', 0.2], ['Vương', 0.2],
  ['Quách', 0.15], ['Thái', 0.15], ['La', 0.1], ['Kiều', 0.1], ['Khúc', 0.05], ['Lục', 0.05], ['Triệu', 0.15],
  ['Chu', 0.15], ['Từ', 0.1], ['Phùng', 0.2], ['Nông', 0.1], ['Hứa', 0.1], ['Giang', 0.1], ['Tăng', 0.1],
  ['Thân', 0.1], ['Mạc', 0.05], ['Quan', 0.05], ['Thạch', 0.1], ['Lò', 0.05], ['Kim', 0.05], ['Ông', 0.05],
  ['Doãn', 0.05], ['Khổng', 0.05], ['Ninh', 0.05], ['Âu', 0.05], ['Lưu', 0.2], ['Tống', 0.1], ['Hoàng Phủ', 0.01],
  ['Tôn Thất', 0.02], ['Âu Dương', 0.01], ['Nguyễn Phúc', 0.01],
];

export const MALE_MIDDLE: [string, number][] = [
  ['Văn', 35], ['Đức', 6], ['Minh', 8], ['Hữu', 6], ['Quang', 6], ['Công', 5], ['Thành', 4], ['Ngọc', 3],
  ['Xuân', 3], ['Anh', 3], ['Hoàng', 3], ['Trọng', 3], ['Đình', 5], ['Bá', 2], ['Thế', 3], ['Gia', 3],
  ['Quốc', 3], ['Khánh', 2], ['Tuấn', 2], ['Huy', 2], ['Thanh', 3],
];

export const FEMALE_MIDDLE: [string, number][] = [
  ['Thị', 50], ['Ngọc', 6], ['Thu', 5], ['Thanh', 5], ['Minh', 3], ['Kim', 4], ['Mai', 2], ['Hồng', 4],
  ['Phương', 3], ['Bích', 2], ['Thùy', 3], ['Diệu', 2], ['Hoài', 2], ['Khánh', 2], ['Bảo', 2], ['Mỹ', 2],
  ['Quỳnh', 1], ['Thúy', 2],
];

// Names with tone-affected clusters (Hòa, Thủy, Khoa, Thoa, Thúy, Thùy, Xoan) and look-alikes that are not
// affected (Tuyết, Quý, Huỳnh) are deliberately frequent (issue 4).
export const MALE_GIVEN: [string, number][] = [
  ['An', 2], ['Anh', 4], ['Bảo', 2], ['Bình', 3], ['Cường', 3], ['Chiến', 2], ['Công', 1], ['Dũng', 4],
  ['Duy', 2], ['Dương', 1], ['Đạt', 3], ['Đức', 4], ['Định', 1], ['Giang', 1], ['Hải', 4], ['Hào', 1],
  ['Hiếu', 3], ['Hiển', 1], ['Hòa', 4], ['Hoàng', 3], ['Hùng', 5], ['Huy', 4], ['Hưng', 3], ['Khải', 1],
  ['Khang', 2], ['Khánh', 2], ['Khoa', 4], ['Kiên', 2], ['Lâm', 2], ['Long', 4], ['Lộc', 2], ['Lợi', 1],
  ['Luân', 1], ['Minh', 5], ['Nam', 5], ['Nghĩa', 2], ['Nhân', 2], ['Phát', 2], ['Phong', 3], ['Phúc', 3],
  ['Phước', 2], ['Quân', 3], ['Quang', 3], ['Quý', 3], ['Quyết', 1], ['Sơn', 4], ['Tài', 2], ['Tâm', 2],
  ['Tân', 2], ['Thái', 2], ['Thắng', 3], ['Thành', 4], ['Thiện', 1], ['Thịnh', 2], ['Thọ', 1], ['Thuận', 2],
  ['Tiến', 3], ['Toàn', 3], ['Trí', 2], ['Trung', 4], ['Trường', 2], ['Tú', 2], ['Tuấn', 5], ['Tùng', 3],
  ['Việt', 3], ['Vinh', 3], ['Vũ', 2], ['Xuân', 1], ['Thụy', 1], ['Lực', 1], ['Đông', 1],
  ['Anh Tuấn', 1], ['Minh Khoa', 1], ['Gia Huy', 1], ['Đăng Khoa', 1], ['Quốc Hòa', 0.5],
];

export const FEMALE_GIVEN: [string, number][] = [
  ['An', 2], ['Anh', 4], ['Ánh', 2], ['Bích', 1], ['Châu', 2], ['Chi', 2], ['Diễm', 1], ['Dung', 3],
  ['Duyên', 2], ['Giang', 2], ['Hà', 4], ['Hạnh', 3], ['Hằng', 3], ['Hiền', 3], ['Hoa', 4], ['Hòa', 3],
  ['Hồng', 3], ['Huệ', 2], ['Hương', 5], ['Huyền', 3], ['Khuê', 1], ['Lan', 4], ['Liên', 2], ['Linh', 5],
  ['Loan', 3], ['Mai', 4], ['My', 2], ['Nga', 3], ['Ngân', 2], ['Ngọc', 3], ['Nguyệt', 2], ['Nhung', 3],
  ['Nhi', 3], ['Oanh', 2], ['Phương', 4], ['Phượng', 2], ['Quyên', 2], ['Quỳnh', 3], ['Sương', 1],
  ['Tâm', 2], ['Thảo', 4], ['Thoa', 3], ['Thu', 3], ['Thùy', 3], ['Thủy', 5], ['Thúy', 4], ['Thư', 2],
  ['Trang', 5], ['Trinh', 2], ['Tuyết', 4], ['Uyên', 2], ['Vân', 3], ['Vy', 2], ['Xuân', 2], ['Yến', 3],
  ['Xoan', 1], ['Quý', 1],
  ['Mỹ Dạ', 0.5], ['Thu Thủy', 1], ['Ngọc Hòa', 0.5], ['Kim Thoa', 0.5], ['Thanh Thúy', 0.5], ['Bảo Ngọc', 1],
];

/** Given names for twins: pairs that are close in sound or meaning, as parents choose. */
export const TWIN_PAIRS: { gender: 'M' | 'F'; names: [string, string] }[] = [
  { gender: 'M', names: ['Phúc', 'Lộc'] }, { gender: 'M', names: ['Hùng', 'Dũng'] },
  { gender: 'M', names: ['Long', 'Lân'] }, { gender: 'M', names: ['Minh', 'Mẫn'] },
  { gender: 'F', names: ['Thu', 'Thủy'] }, { gender: 'F', names: ['Hòa', 'Hoa'] },
  { gender: 'F', names: ['Ngọc Anh', 'Ngọc Ánh'] }, { gender: 'F', names: ['Thúy', 'Thủy'] },
  { gender: 'M', names: ['Khoa', 'Khôi'] }, { gender: 'F', names: ['Tuyết', 'Tuyền'] },
  // Names that differ only by a vowel or tone mark: different names, not spellings of one (issue 14).
  { gender: 'M', names: ['Vân', 'Văn'] }, { gender: 'F', names: ['Thu', 'Thư'] },
];

/** Notes in the pass-through column; some contain commas and quotes to exercise CSV quoting. */
export const NOTES = [
  'Tiêm tại nhà', 'Sốt nhẹ, đã theo dõi 30 phút', 'Phản ứng nhẹ', 'Đợt tiêm "mùa hè xanh"', 'Tiêm lưu động',
  'Nhập bổ sung', 'Người nhà khai hộ',
];
