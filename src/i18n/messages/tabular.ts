// Reading import files (src/io/tabular): errors of streamed JSON arrays and of files that change
// while they are read.
export const en = {
  'import.error.json_missing_record': '{file}:{line}: a record is missing before {found} (two commas, or a comma before "]"). Nothing was imported. Remove the extra comma.',
  'import.error.json_missing_comma': '{file}:{line}: records must be separated by commas, but {found} follows a record. Nothing was imported. Add the missing comma.',
  'import.error.json_unclosed': '{file}: the JSON array is never closed with "]", so the file may be cut short. Nothing was imported. Export or copy the file again.',
  'import.error.json_trailing': '{file}:{line}: there is more after the closing "]" ({found}). Nothing was imported. Remove it, or export the file again.',
  'import.error.file_changed': '{file} changed while it was being read. Nothing was imported. Wait until whatever writes it has finished, then import again.',
};

export const zhTW: Record<keyof typeof en, string> = {
  'import.error.json_missing_record': '{file}:{line}：{found} 前少了一筆資料（連續兩個逗號，或「]」前多了逗號）。沒有匯入任何資料。請刪除多餘的逗號。',
  'import.error.json_missing_comma': '{file}:{line}：資料之間必須以逗號分隔，但一筆資料後面接著 {found}。沒有匯入任何資料。請補上缺少的逗號。',
  'import.error.json_unclosed': '{file}：JSON 陣列沒有以「]」結束，檔案可能不完整。沒有匯入任何資料。請重新匯出或複製檔案。',
  'import.error.json_trailing': '{file}:{line}：結尾的「]」之後還有內容（{found}）。沒有匯入任何資料。請刪除它，或重新匯出檔案。',
  'import.error.file_changed': '{file} 在讀取期間被修改了。沒有匯入任何資料。請等寫入它的程式完成後再匯入。',
};

export const zhCN: Record<keyof typeof en, string> = {
  'import.error.json_missing_record': '{file}:{line}：{found} 前缺少一条数据（连续两个逗号，或“]”前多了逗号）。没有导入任何数据。请删除多余的逗号。',
  'import.error.json_missing_comma': '{file}:{line}：数据之间必须用逗号分隔，但一条数据后面跟着 {found}。没有导入任何数据。请补上缺少的逗号。',
  'import.error.json_unclosed': '{file}：JSON 数组没有以“]”结束，文件可能不完整。没有导入任何数据。请重新导出或复制文件。',
  'import.error.json_trailing': '{file}:{line}：结尾的“]”之后还有内容（{found}）。没有导入任何数据。请删除它，或重新导出文件。',
  'import.error.file_changed': '{file} 在读取期间被修改了。没有导入任何数据。请等写入它的程序完成后再导入。',
};
